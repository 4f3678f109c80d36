'use client';
import { KeyRound } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useState } from 'react';

// Loaded on first open: the form (react-hook-form, zod, the dialog) is not in every page's JavaScript.
const ChangePasswordModal = dynamic(() => import('./change-password-form').then((m) => m.ChangePasswordModal), { ssr: false });

/** "Change my password" from the user menu: current + new password; other sessions end. */
export function ChangePasswordDialog() {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setOpened(true);
          setOpen(true);
        }}
        className="inline-flex items-center gap-1 rounded px-2 py-1 text-xs text-slate-300 hover:bg-slate-800 hover:text-white"
      >
        <KeyRound className="h-3.5 w-3.5" aria-hidden /> Change password
      </button>
      {opened ? <ChangePasswordModal open={open} setOpen={setOpen} /> : null}
    </>
  );
}
