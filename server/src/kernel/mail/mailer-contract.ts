import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mailer, MailMessage } from './mailer.ts';

/** A message as it reached its destination: envelope recipients and the message as text (headers, body). */
export interface DeliveredMail {
  to: string[];
  raw: string;
}

export interface MailerUnderTest {
  mailer: Mailer;
  /** Everything delivered so far, oldest first. */
  delivered(): DeliveredMail[];
}

/** The behaviour every Mailer must show, run against each implementation by the *.test.ts files. */
export function describeMailerContract(name: string, open: () => Promise<MailerUnderTest>): void {
  describe(`Mailer contract: ${name}`, () => {
    let subject: MailerUnderTest;

    beforeAll(async () => {
      subject = await open();
    });

    afterAll(async () => {
      await subject?.mailer.close();
    });

    it('answers ping', async () => {
      await expect(subject.mailer.ping()).resolves.toBeUndefined();
    });

    it('delivers recipient, subject, text, html and extra headers', async () => {
      const message: MailMessage = {
        to: 'new.artist@example.com',
        subject: 'Verify your Veza account',
        text: 'Open https://veza.example/verify?token=t0k3n to verify your address.',
        html: '<p><a href="https://veza.example/verify?token=t0k3n">Verify</a></p>',
        headers: { 'X-Veza-Template': 'verify-email' },
      };
      const before = subject.delivered().length;
      const { messageId } = await subject.mailer.send(message);
      expect(messageId).toMatch(/^<.+@.+>$/);
      const delivered = subject.delivered().slice(before);
      expect(delivered).toHaveLength(1);
      const [mail] = delivered;
      expect(mail?.to).toEqual(['new.artist@example.com']);
      expect(mail?.raw).toContain('Subject: Verify your Veza account');
      expect(mail?.raw).toContain('Open https://veza.example/verify?token=t0k3n to verify your address.');
      expect(mail?.raw).toContain('<a href="https://veza.example/verify?token=t0k3n">Verify</a>');
      expect(mail?.raw).toContain('X-Veza-Template: verify-email');
    });

    it('gives each message its own id', async () => {
      const send = (n: number) =>
        subject.mailer.send({ to: `fan${n}@example.com`, subject: `Digest ${n}`, text: 'hi' });
      const ids = await Promise.all([1, 2, 3].map(send));
      expect(new Set(ids.map(({ messageId }) => messageId)).size).toBe(3);
      const recipients = subject.delivered().flatMap((mail) => mail.to);
      expect(recipients).toEqual(
        expect.arrayContaining(['fan1@example.com', 'fan2@example.com', 'fan3@example.com']),
      );
    });
  });
}
