import { randomUUID } from 'node:crypto';
import type { Mailer, MailMessage } from './mailer.ts';

/** The part of a pino logger the mailer uses, so tests can pass a plain object. */
export interface MailLogger {
  info(obj: object, msg: string): void;
}

export interface SentMail extends MailMessage {
  messageId: string;
  from: string;
  sentAt: Date;
}

const outboxSize = 100;

/**
 * The embedded mailer: no mail leaves the machine. Each message is logged whole — in development that is
 * how one reads a verification link — and the last 100 stay in `outbox` for e2e tests and a dev view.
 * Logging bodies is acceptable only because this runs when no SMTP server is configured.
 */
export class LogMailer implements Mailer {
  readonly kind = 'log';
  private readonly sent: SentMail[] = [];

  constructor(private readonly options: { from: string; logger: MailLogger }) {}

  /** Oldest first. */
  get outbox(): readonly SentMail[] {
    return this.sent;
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const mail: SentMail = {
      ...message,
      messageId: `<${randomUUID()}@veza.log>`,
      from: this.options.from,
      sentAt: new Date(),
    };
    this.sent.push(mail);
    if (this.sent.length > outboxSize) this.sent.splice(0, this.sent.length - outboxSize);
    this.options.logger.info({ mail }, 'mail logged, not sent (SMTP_URL is not set)');
    return { messageId: mail.messageId };
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
