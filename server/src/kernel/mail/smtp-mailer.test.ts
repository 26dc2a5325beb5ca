import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeliveredMail, describeMailerContract } from './mailer-contract.ts';
import { openMailer } from './open-mailer.ts';
import { SmtpMailer } from './smtp-mailer.ts';

const from = 'Veza <no-reply@veza.test>';

// A real SMTP server in this process: it collects what arrives and refuses recipients named refused@….
const received: DeliveredMail[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (address.address.startsWith('refused@')) callback(new Error('550 no such mailbox'));
    else callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      received.push({
        to: session.envelope.rcptTo.map((recipient) => recipient.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});
let smtpUrl: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(resolve));
});

describeMailerContract('smtp (openMailer with SMTP_URL, against smtp-server)', async () => {
  const mailer = openMailer({ smtpUrl, from, logger: { info: () => {} } });
  if (mailer.kind !== 'smtp') throw new Error(`expected the SMTP mailer, got ${mailer.kind}`);
  return { mailer, delivered: () => received };
});

describe('SmtpMailer', () => {
  it('sends from the configured address', async () => {
    const mailer = new SmtpMailer({ url: smtpUrl, from });
    try {
      await mailer.send({ to: 'buyer@example.com', subject: 'Your receipt', text: 'Thanks!' });
      expect(received.at(-1)?.raw).toContain('From: Veza <no-reply@veza.test>');
    } finally {
      await mailer.close();
    }
  });

  it('rejects when the server refuses the recipient', async () => {
    const mailer = new SmtpMailer({ url: smtpUrl, from });
    try {
      await expect(mailer.send({ to: 'refused@example.com', subject: 'x', text: 'x' })).rejects.toThrow(
        /no such mailbox/,
      );
    } finally {
      await mailer.close();
    }
  });

  it('fails ping when no server answers', async () => {
    const mailer = new SmtpMailer({ url: 'smtp://127.0.0.1:1', from });
    try {
      await expect(mailer.ping()).rejects.toThrow();
    } finally {
      await mailer.close();
    }
  });
});
