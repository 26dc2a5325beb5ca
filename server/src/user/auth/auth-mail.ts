import type { FastifyRequest } from 'fastify';
import type { Config } from '../../kernel/config/config-schema.ts';
import type { MailMessage } from '../../kernel/mail/mailer.ts';

/**
 * Links in emails point at the web app. VEZA_PUBLIC_URL names it; without it (a development setup) the
 * request's own origin is used, which a self-hoster behind a proxy should not rely on.
 */
export function publicBase(config: Config, request: FastifyRequest): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/$/, '');
  return `${request.protocol}://${request.host}`;
}

export const verificationMail = (to: string, link: string, minutes: number): MailMessage => ({
  to,
  subject: 'Confirm your email for Veza',
  text: `Welcome to Veza!\n\nConfirm this address by opening the link below (valid for ${minutes} minutes):\n\n${link}\n\nIf you did not sign up, ignore this email.`,
});

export const alreadyRegisteredMail = (to: string, resetLink: string): MailMessage => ({
  to,
  subject: 'Someone tried to sign up to Veza with your email',
  text: `Someone (maybe you) tried to create a Veza account with this address, which already has one.\n\nIf you forgot your password, reset it here:\n\n${resetLink}\n\nOtherwise you can ignore this email.`,
});

export const resetMail = (to: string, link: string, minutes: number): MailMessage => ({
  to,
  subject: 'Reset your Veza password',
  text: `Open the link below to choose a new password (valid for ${minutes} minutes):\n\n${link}\n\nIf you did not ask for this, ignore this email: your password stays the same.`,
});

export const changeEmailMail = (to: string, link: string, minutes: number): MailMessage => ({
  to,
  subject: 'Confirm your new email for Veza',
  text: `Open the link below to make this your Veza email address (valid for ${minutes} minutes):\n\n${link}`,
});

export const emailChangedNotice = (to: string): MailMessage => ({
  to,
  subject: 'Your Veza email address was changed',
  text: 'The email address of your Veza account was just changed. If this was not you, reset your password and contact the administrators.',
});
