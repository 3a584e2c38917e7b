import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApi } from '../support/api';
import { startE2eStack, type E2eStack } from '../support/e2e';

interface ErrorBody {
  message: string;
  issues?: Array<{ path: string; message: string }>;
}

/** A document's preview for one profile, which a VIEWER may ask for, under LiquidJS's limits. */
describe('document preview and test mail of a heavy template', () => {
  let stack: E2eStack;
  let api: RunningApi;
  let marketer: string;
  let viewer: string;
  let profileId: number;

  beforeAll(async () => {
    stack = await startE2eStack({ catcher: false, worker: false });
    ({ api, token: marketer } = stack);
    viewer = await stack.userToken('VIEWER');
    const database = await api.request<{ id: number }>('POST', '/databases', {
      token: marketer,
      body: { name: 'People', fields: [{ name: 'firstname', type: 'TEXT' }] },
    });
    const profile = await api.request<{ id: number }>('POST', `/databases/${database.body.id}/profiles`, {
      token: marketer,
      body: { email: 'ann@example.test', values: { firstname: 'Ann' } },
    });
    profileId = profile.body.id;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function documentWith(html: string): Promise<number> {
    const res = await api.request<{ id: number }>('POST', '/documents', {
      token: marketer,
      body: { name: 'Heavy', fromAddress: 'news@herald.example', subject: 'Hi {{ firstname }}', html },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  it.each([
    [
      'takes too long',
      '{% for i in (1..900) %}{% for j in (1..900) %}{{ j }}{% endfor %}{% endfor %}',
      /takes too (long|much memory) to render/,
    ],
    [
      'takes too much memory',
      '{% assign a = "1,2,3" | split: "," %}{% for i in (1..32) %}{% assign a = a | concat: a %}{% endfor %}{{ a | size }}',
      /takes too much memory to render/,
    ],
  ])(
    'a preview of a template that %s is a 400 saying so within 2 s, and the API answers meanwhile',
    async (_what, html, message) => {
      const id = await documentWith(html);
      const started = performance.now();
      const previews = Array.from({ length: 3 }, () =>
        api.request<ErrorBody>('GET', `/documents/${id}/preview?profileId=${profileId}`, { token: viewer }),
      );
      const other = api.request('GET', `/documents/${id}`, { token: viewer });
      const [results, answer] = await Promise.all([Promise.all(previews), other]);
      const ms = performance.now() - started;
      for (const res of results) {
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/^The html cannot be previewed: the template /);
        expect(res.body.message).toMatch(message);
        expect(res.body.issues?.[0]?.path).toMatch(/^html(:\d+)?$/);
      }
      expect(answer.status).toBe(200);
      expect(ms).toBeLessThan(2_000 * 1.5); // three previews one after another on one event loop
    },
  );

  it('a test mail of such a template is a 400 saying so, before anything is sent', async () => {
    const id = await documentWith('{% for i in (1..5000000) %}{{ i }}{% endfor %}');
    const started = performance.now();
    const res = await api.request<ErrorBody>('POST', `/documents/${id}/test-mail`, {
      token: marketer,
      body: { profileIds: [profileId], to: ['test@example.test'] },
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(
      /^The html could not be personalised: the template takes too (long|much memory) to render/,
    );
  });
});
