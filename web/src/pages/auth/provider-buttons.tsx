import { useQuery } from '@tanstack/react-query';
import { listSignInProviders, providerStartUrl } from '../../api/auth-api.ts';
import { identityKeys } from '../../api/identity-keys.ts';

/** One button per configured OIDC provider; nothing at all when the server has none. */
export function ProviderButtons({ returnTo }: { returnTo: string }) {
  const providers = useQuery({
    queryKey: identityKeys.signInProviders,
    queryFn: listSignInProviders,
    staleTime: 5 * 60_000,
  });
  const items = providers.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <div className="provider-sign-in">
      <p className="divider">
        <span>or</span>
      </p>
      <ul className="provider-list" aria-label="Sign in with a provider">
        {items.map((provider) => (
          <li key={provider.id}>
            {/* A full page load: the provider's pages are not part of this app. */}
            <a
              className="button button-secondary button-block"
              href={providerStartUrl(provider.id, returnTo)}
            >
              Continue with {provider.name}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
