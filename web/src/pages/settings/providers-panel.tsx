import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { startProviderLink, unlinkProvider } from '../../api/account-api.ts';
import { listSignInProviders } from '../../api/auth-api.ts';
import { identityKeys } from '../../api/identity-keys.ts';
import type { Me } from '../../api/identity-types.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { SettingsPanel } from './settings-panel.tsx';

/** Sign-in providers: link one to this account, or unlink it (not the last way to sign in). */
export function ProvidersPanel({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const providers = useQuery({ queryKey: identityKeys.signInProviders, queryFn: listSignInProviders });
  const link = useMutation({
    mutationFn: startProviderLink,
    onSuccess: ({ url }) => window.location.assign(url),
  });
  const unlink = useMutation({
    mutationFn: unlinkProvider,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: identityKeys.me }),
  });
  const linked = new Map(me.providers.map((entry) => [entry.provider, entry.linkedAt]));
  const configured = providers.data?.items ?? [];
  // Identities linked earlier through a provider this server no longer offers still show, to be unlinked.
  const known = new Set(configured.map((provider) => provider.id));
  const rows = [
    ...configured,
    ...me.providers
      .filter((entry) => !known.has(entry.provider))
      .map((entry) => ({ id: entry.provider, name: entry.provider })),
  ];

  return (
    <SettingsPanel
      title="Linked sign-in providers"
      description="Sign in to Veza with an account you already have."
    >
      {providers.isPending && <p className="muted">Loading providers…</p>}
      {!providers.isPending && rows.length === 0 && (
        <p className="muted">This Veza server has no sign-in providers configured.</p>
      )}
      {rows.length > 0 && (
        <ul className="list" aria-label="Sign-in providers">
          {rows.map((provider) => {
            const linkedAt = linked.get(provider.id);
            return (
              <li key={provider.id} className="list-row">
                <div className="list-row-main">
                  <p className="list-row-title">{provider.name}</p>
                  <p className="list-row-meta">
                    {linkedAt ? `Linked ${new Date(linkedAt).toLocaleDateString()}` : 'Not linked'}
                  </p>
                </div>
                {linkedAt ? (
                  <button
                    type="button"
                    className="button button-ghost"
                    disabled={unlink.isPending}
                    onClick={() => unlink.mutate(provider.id)}
                    aria-label={`Unlink ${provider.name}`}
                  >
                    Unlink
                  </button>
                ) : (
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={link.isPending || !known.has(provider.id)}
                    onClick={() => link.mutate(provider.id)}
                    aria-label={`Link ${provider.name}`}
                  >
                    Link
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <ProblemAlert error={providers.error ?? link.error ?? unlink.error} />
    </SettingsPanel>
  );
}
