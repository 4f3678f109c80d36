'use client';
import { Button } from '@/components/common/button';
import { CopyButton } from '@/components/common/copy-button';
import { Modal } from './modal';

/** Shows a new password once (it is stored only as a hash): copy it now or reset it later. */
export function PasswordReveal({ shown, onClose }: { shown?: { username: string; password: string }; onClose: () => void }) {
  return (
    <Modal open={Boolean(shown)} onOpenChange={(o) => !o && onClose()} title={`Password of ${shown?.username ?? ''}`} description="Shown once: copy it now and hand it to the user. It cannot be shown again.">
      <div className="flex items-center gap-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2">
        <code data-testid="new-password" className="flex-1 font-mono text-sm break-all select-all">
          {shown?.password}
        </code>
        <CopyButton text={shown?.password ?? ''} label="Copy password" />
      </div>
      <div className="mt-4 flex justify-end">
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      </div>
    </Modal>
  );
}
