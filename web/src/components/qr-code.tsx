import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code of `text` (an otpauth:// URL for authenticator apps), drawn dark on light so any camera reads it. */
export function QrCode({ text, label, size = 192 }: { text: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let current = true;
    toDataURL(text, { width: size * 2, margin: 2, errorCorrectionLevel: 'M' })
      .then((url) => {
        if (current) setSrc(url);
      })
      .catch(() => {
        if (current) setSrc(undefined);
      });
    return () => {
      current = false;
    };
  }, [text, size]);
  return (
    <div className="qr-code" style={{ width: size, height: size }}>
      {src ? <img src={src} alt={label} width={size} height={size} /> : null}
    </div>
  );
}
