import { ConfigError, parseConfig } from '@herald/config';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApiApp(config);
  await app.listen(config.API_PORT, config.API_HOST);
  const url = await app.getUrl();
  console.log(JSON.stringify({ level: 30, msg: 'Herald API listening', url, docs: `${url}/docs` }));
}

void main();
