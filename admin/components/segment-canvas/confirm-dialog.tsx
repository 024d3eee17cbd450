import React, { useEffect, useRef } from 'react';

/**
 * A modal question (publishing, leaving with unsaved changes): an
 * `alertdialog` with its title and text announced, focus on the safe
 * choice (cancel) when it opens, Tab kept between its two buttons, Escape
 * cancels, and focus back where it was when it closes.
 */
export const ConfirmDialog: React.FC<{
  title: string;
  text: string;
  confirmLabel: string;
  cancelLabel: string;
  testId: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}> = ({ title, text, confirmLabel, cancelLabel, testId, danger, onConfirm, onCancel }) => {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    cancelRef.current?.focus();
    return () => {
      if (before && document.contains(before)) before.focus();
    };
  }, []);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    } else if (e.key === 'Tab') {
      e.preventDefault();
      (document.activeElement === cancelRef.current ? confirmRef.current : cancelRef.current)?.focus();
    }
  };
  const button: React.CSSProperties = { padding: '6px 14px', borderRadius: 4, fontSize: 14, cursor: 'pointer', border: '1px solid #57606a' };
  return (
    <div style={{ position: 'fixed', inset: 0, background: 'rgba(27,31,36,.5)', zIndex: 1000, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${testId}-title`}
        aria-describedby={`${testId}-text`}
        data-testid={testId}
        onKeyDown={onKeyDown}
        style={{ background: '#fff', color: '#24292f', borderRadius: 8, padding: 20, maxWidth: 460, boxShadow: '0 8px 24px rgba(0,0,0,.3)' }}
      >
        <h2 id={`${testId}-title`} style={{ fontSize: 18, margin: '0 0 8px' }}>
          {title}
        </h2>
        <p id={`${testId}-text`} style={{ fontSize: 14, margin: '0 0 16px' }}>
          {text}
        </p>
        <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
          <button
            type="button"
            ref={cancelRef}
            className="segment-dialog-button"
            data-testid={`${testId}-cancel`}
            onClick={onCancel}
            style={{ ...button, background: '#fff', color: '#24292f' }}
          >
            {cancelLabel}
          </button>
          <button
            type="button"
            ref={confirmRef}
            className="segment-dialog-button"
            data-testid={`${testId}-confirm`}
            onClick={onConfirm}
            style={{ ...button, background: danger ? '#a40e26' : '#0550ae', color: '#fff', borderColor: 'transparent' }}
          >
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
};
