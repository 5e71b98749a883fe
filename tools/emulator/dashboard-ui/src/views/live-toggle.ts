// The "Live / Paused" switch shown on views that refresh themselves.
import { h } from '../element-builder.js';
import { live } from '../live-updates.js';

export function liveToggle(): { element: HTMLElement; dispose(): void } {
  const label = h('span', { class: 'live-label' });
  const button = h('button', { class: 'btn live-toggle', attrs: { type: 'button', 'data-testid': 'live-toggle' } }, h('span', { class: 'live-dot' }), label);
  const update = (): void => {
    button.classList.toggle('paused', live.paused);
    button.classList.toggle('offline', !live.connected);
    label.textContent = live.paused ? 'Paused' : live.connected ? 'Live' : 'Connecting…';
    button.title = live.paused ? 'Live updates are paused; click to resume' : 'Updates as instances change; click to pause';
  };
  button.addEventListener('click', () => live.setPaused(!live.paused));
  update();
  const off = live.onState(update);
  return { element: button, dispose: off };
}
