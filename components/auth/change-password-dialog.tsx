'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { KeyRound } from 'lucide-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { changeOwnPasswordSchema, type ChangeOwnPasswordInput } from '@/lib/console/admin-input';
import { changeOwnPasswordAction } from '@/server/admin/users';
import { Modal } from '@/components/admin/modal';
import { Button } from '@/components/common/button';
import { TextField } from '@/components/common/controls';

/** "Change my password" from the user menu: current + new password; other sessions end. */
export function ChangePasswordDialog() {
  const [open, setOpen] = useState(false);
  const { register, handleSubmit, formState, setError, reset } = useForm<ChangeOwnPasswordInput>({ resolver: zodResolver(changeOwnPasswordSchema), defaultValues: { current: '', password: '' } });
  const submit = handleSubmit(async (v) => {
    const r = await changeOwnPasswordAction(v);
    if (!r.ok) {
      const f = r.fieldErrors[0];
      setError(f?.field === 'current' ? 'current' : 'password', { message: f?.message ?? r.message });
      return;
    }
    reset();
    setOpen(false);
    toast.success('Password changed; your other sessions have ended');
  });
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className="inline-flex items-center gap-1 rounded px-2 py-1 text-xs text-slate-300 hover:bg-slate-800 hover:text-white">
        <KeyRound className="h-3.5 w-3.5" aria-hidden /> Change password
      </button>
      <Modal open={open} onOpenChange={setOpen} title="Change your password">
        <form onSubmit={submit} className="space-y-3" noValidate>
          <TextField label="Current password" type="password" autoComplete="current-password" error={formState.errors.current?.message} {...register('current')} />
          <TextField label="New password" type="password" autoComplete="new-password" hint="At least 12 characters" error={formState.errors.password?.message} {...register('password')} />
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={formState.isSubmitting}>
              Change password
            </Button>
          </div>
        </form>
      </Modal>
    </>
  );
}
