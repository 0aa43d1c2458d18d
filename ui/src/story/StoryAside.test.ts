// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import StoryAside from './StoryAside.svelte';
import { StoryEditing } from './editing.svelte';
import { sampleStory } from './sample-story';

let app: ReturnType<typeof mount> | null = null;

afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
  clearMocks();
});

describe('StoryAside', () => {
  it('shows the keywords the store holds after a reload, not the line typed before it', async () => {
    let keywords = ['Syria'];
    mockIPC((cmd) => {
      if (cmd === 'get_story') return sampleStory({ keywords });
      if (cmd === 'search_stories') return [];
      throw new Error(`unexpected ${cmd}`);
    });
    const ed = new StoryEditing(7);
    await ed.load();
    const target = document.createElement('div');
    document.body.appendChild(target);
    app = mount(StoryAside, { target, props: { ed } });
    flushSync();
    const box = target.querySelector<HTMLInputElement>('[data-testid="keywords"]')!;
    expect(box.value).toBe('Syria');

    // Typed here while someone else changed them in the store.
    box.value = 'Syria, typed here';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    keywords = ['Iran', 'Security'];
    await ed.reload();
    flushSync();
    expect(box.value).toBe('Iran, Security');
  });
});
