import { describe, expect, it } from 'vitest';
import { LogMailer, type SentMail } from './log-mailer.ts';
import { describeMailerContract } from './mailer-contract.ts';
import { openMailer } from './open-mailer.ts';

const from = 'Veza <no-reply@veza.test>';
const silent = { info: () => {} };

/** The outbox entry written out like the headers and body of a real message. */
const render = (mail: SentMail) =>
  [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Subject: ${mail.subject}`,
    ...Object.entries(mail.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    '',
    mail.text,
    mail.html ?? '',
  ].join('\n');

describeMailerContract('log (openMailer without SMTP_URL)', async () => {
  const mailer = openMailer({ from, logger: silent });
  if (!(mailer instanceof LogMailer)) throw new Error(`expected the log mailer, got ${mailer.kind}`);
  return { mailer, delivered: () => mailer.outbox.map((mail) => ({ to: [mail.to], raw: render(mail) })) };
});

describe('LogMailer', () => {
  it('logs the whole message through the logger it was given', async () => {
    const logged: { obj: object; msg: string }[] = [];
    const mailer = new LogMailer({ from, logger: { info: (obj, msg) => logged.push({ obj, msg }) } });
    const { messageId } = await mailer.send({
      to: 'a@example.com',
      subject: 'Reset your password',
      text: 'link',
    });
    expect(logged).toHaveLength(1);
    expect(logged[0]?.msg).toMatch(/mail/);
    expect(logged[0]?.obj).toMatchObject({
      mail: { messageId, from, to: 'a@example.com', subject: 'Reset your password', text: 'link' },
    });
  });

  it('keeps the last 100 messages in its outbox, oldest first', async () => {
    const mailer = new LogMailer({ from, logger: silent });
    for (let n = 1; n <= 130; n++) await mailer.send({ to: `u${n}@example.com`, subject: `#${n}`, text: '' });
    expect(mailer.outbox).toHaveLength(100);
    expect(mailer.outbox[0]?.subject).toBe('#31');
    expect(mailer.outbox.at(-1)?.subject).toBe('#130');
  });
});
