import amqp from 'amqplib';

/**
 * Removes the durable queues and exchange a test namespace created on the shared broker, so runs
 * leave nothing behind.
 */
export async function deleteRabbitNamespace(
  url: string,
  namespace: string,
  groups: readonly string[],
): Promise<void> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const group of groups) {
      for (const suffix of ['', '.retry', '.dead'])
        await channel.deleteQueue(`${namespace}.${group}${suffix}`);
    }
    await channel.deleteExchange(`${namespace}.events`);
  } finally {
    await connection.close();
  }
}
