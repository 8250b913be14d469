import type { ReactNode } from 'react';

export type NoticeTone = 'info' | 'success' | 'warning' | 'error';

interface NoticeProps {
  tone: NoticeTone;
  title?: string;
  /** 'alert' interrupts a screen reader; use it only for problems that block work. */
  role?: 'status' | 'alert';
  children: ReactNode;
}

export function Notice({ tone, title, role = 'status', children }: NoticeProps) {
  return (
    <div className={`notice notice-${tone}`} role={role} aria-live={role === 'alert' ? 'assertive' : 'polite'}>
      {title && <p className="notice-title">{title}</p>}
      <div className="notice-body">{children}</div>
    </div>
  );
}
