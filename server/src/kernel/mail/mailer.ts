/** One email: account verification, password reset, order receipts, notification digests. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. `List-Unsubscribe` on digests. */
  headers?: Record<string, string>;
}

/**
 * Sends mail: through SMTP when SMTP_URL is set, otherwise into the log (and an in-memory outbox), so a
 * fresh embedded install still shows the links a new user needs to click.
 */
export interface Mailer {
  readonly kind: 'log' | 'smtp';
  /** Resolves once the message is accepted for delivery (by the SMTP server, or the log). */
  send(message: MailMessage): Promise<{ messageId: string }>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
