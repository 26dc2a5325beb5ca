import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '../../test/harness/test-environment.ts';
import { runVeza } from '../../test/harness/veza-process.ts';

describe('veza command', () => {
  let environment: TestEnvironment;
  beforeAll(async () => {
    environment = await createTestEnvironment();
  });
  afterAll(async () => {
    await environment.cleanup();
  });

  it('stops on a bad setting with one line naming the variable and what it expects', async () => {
    const result = await runVeza(['start'], { ...environment.env, PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: PORT must be a TCP port from 0 to 65535, got "eighty"',
    );

    const badUrl = await runVeza(['start'], { ...environment.env, AMQP_URL: 'localhost:5672' });
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr.trim().split('\n')).toHaveLength(1);
    expect(badUrl.stderr).toContain('AMQP_URL must be an amqp:// URL');
  });

  it('prints the effective configuration with secrets redacted', async () => {
    const result = await runVeza(['config'], {
      ...environment.env,
      SMTP_URL: 'smtp://mailer:hunter2@127.0.0.1:2525',
      S3_SECRET_ACCESS_KEY: 'very-secret-key',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('hunter2');
    expect(result.stdout).not.toContain('very-secret-key');
    const config = JSON.parse(result.stdout);
    expect(config.smtpUrl).toEqual({ env: 'SMTP_URL', value: 'smtp://mailer:***@127.0.0.1:2525' });
    expect(config.s3SecretAccessKey.value).toBe('***');
    expect(config.port).toEqual({ env: 'PORT', value: 0 });
  });

  it('refuses unknown services and commands with usage errors', async () => {
    const unknownService = await runVeza(['start', '--services=notes,nope'], environment.env);
    expect(unknownService.code).toBe(2);
    expect(unknownService.stderr).toContain('Unknown service(s): nope');
    const unknownCommand = await runVeza(['fly'], environment.env);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('Unknown command "fly"');
  });

  it('applies migrations once and reports an up-to-date database after', async () => {
    const first = await runVeza(['migrate', '--services=notes'], environment.env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('notes/0001-notes');
    expect(first.stdout).toContain('notes/0000-kernel-event-store');
    const second = await runVeza(['migrate', '--services=notes'], environment.env);
    expect(second.stdout.trim()).toBe('Database is up to date.');
  });
});
