import { createTransport, type Transporter } from 'nodemailer';
import type { Mailer, MailMessage } from './mailer.ts';

/**
 * Mail through an SMTP server named by a URL: `smtp://user:pass@host:587` (STARTTLS when offered) or
 * `smtps://…:465` (TLS from the start). nodemailer reads options from the query string too, e.g.
 * `?pool=true` to keep connections open for bursts of notification mail.
 */
export class SmtpMailer implements Mailer {
  readonly kind = 'smtp';
  private readonly transporter: Transporter;

  constructor(options: { url: string; from: string }) {
    this.transporter = createTransport(options.url, { from: options.from });
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const { to, subject, text, html, headers } = message;
    // Rejects when the server refuses the sender or every recipient, so a caller can retry or report it.
    const info = await this.transporter.sendMail({ to, subject, text, html, headers });
    return { messageId: info.messageId };
  }

  /** Connects and authenticates without sending: readiness fails early on a wrong host or password. */
  async ping(): Promise<void> {
    await this.transporter.verify();
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
