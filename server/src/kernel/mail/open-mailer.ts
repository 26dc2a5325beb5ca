import { LogMailer, type MailLogger } from './log-mailer.ts';
import type { Mailer } from './mailer.ts';
import { SmtpMailer } from './smtp-mailer.ts';

/** SMTP_URL decides: set, mail goes out through that server; unset, it goes to the log. */
export function openMailer(options: { smtpUrl?: string; from: string; logger: MailLogger }): Mailer {
  if (options.smtpUrl) return new SmtpMailer({ url: options.smtpUrl, from: options.from });
  return new LogMailer({ from: options.from, logger: options.logger });
}
