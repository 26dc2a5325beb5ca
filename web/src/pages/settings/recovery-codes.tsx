import { useState } from 'react';

/** Freshly issued recovery codes: shown once, with copy and download so they end up somewhere safe. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const [copied, setCopied] = useState(false);
  const text = `${codes.join('\n')}\n`;
  const copy = async () => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'veza-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="recovery-codes" data-testid="recovery-codes">
      <p>
        <strong>Save these recovery codes.</strong> Each one signs you in once if you lose your authenticator.
        They will not be shown again.
      </p>
      <ol className="code-grid" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button button-secondary" onClick={download}>
          Download
        </button>
      </div>
    </div>
  );
}
