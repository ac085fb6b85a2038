import { useState } from 'react';

async function copy(text: string): Promise<void> {
  if (navigator.clipboard) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Pages served over plain http on another host have no clipboard API: copy from a selected text area.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy was refused');
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [status, setStatus] = useState('');
  return (
    <span className="copy">
      <button
        type="button"
        onClick={() => {
          copy(text).then(
            () => setStatus('Copied to the clipboard.'),
            () => setStatus('Could not copy: select the text and copy it by hand.'),
          );
        }}
      >
        {label}
      </button>
      <span role="status" className="copy-status">
        {status}
      </span>
    </span>
  );
}
