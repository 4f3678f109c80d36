'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { changeOwnPasswordSchema, type ChangeOwnPasswordInput } from '@/lib/console/admin-input';
import { changeOwnPasswordAction } from '@/server/admin/users';
import { Modal } from '@/components/admin/modal';
import { Button } from '@/components/common/button';
import { TextField } from '@/components/common/controls';

/**
 * The "Change my password" dialog, loaded only when the user opens it (./change-password-dialog.tsx):
 * its form library and zod schemas are not part of every page's JavaScript.
 */
export function ChangePasswordModal({ open, setOpen }: { open: boolean; setOpen: (open: boolean) => void }) {
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
