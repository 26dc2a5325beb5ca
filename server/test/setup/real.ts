// The real project runs every suite against the machine's PostgreSQL, Redis and RabbitMQ. Unset
// variables default to the local services; a service that does not answer fails the tests that
// need it (they never skip).
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
process.env.AMQP_URL ??= 'amqp://guest:guest@127.0.0.1:5672';
process.env.VEZA_TEST_PROJECT = 'real';
