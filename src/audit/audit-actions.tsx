import type { AuditRecord } from '../library/store/index';
import { toAuditCsv, toAuditJson } from './audit-export';
import type { AuditFilters } from './filter-audit-records';
import { siteLabelOf } from './site-label-of';

interface AuditActionsProps {
  records: AuditRecord[] | undefined;
  shown: AuditRecord[];
  filters: AuditFilters;
  isConfirming: boolean;
  setIsConfirming: (isConfirming: boolean) => void;
  onClear: () => void;
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Export what is shown as CSV or JSON, and clear the whole log after a confirmation. */
export function AuditActions({
  records,
  shown,
  filters,
  isConfirming,
  setIsConfirming,
  onClear,
}: AuditActionsProps) {
  const stamp = new Date().toISOString().slice(0, 10);
  return (
    <>
      <div class="recital-audit-actions">
        <button
          type="button"
          class="recital-button recital-button--secondary"
          disabled={shown.length === 0}
          onClick={() =>
            download(
              `recital-audit-${stamp}.csv`,
              'text/csv;charset=utf-8',
              toAuditCsv(shown, siteLabelOf),
            )
          }
        >
          Export CSV
        </button>
        <button
          type="button"
          class="recital-button recital-button--secondary"
          disabled={shown.length === 0}
          onClick={() =>
            download(
              `recital-audit-${stamp}.json`,
              'application/json',
              toAuditJson(shown, filters, siteLabelOf),
            )
          }
        >
          Export JSON
        </button>
        <span class="recital-muted">
          Exports what is shown: CSV has one row per copied passage, for a spreadsheet; JSON keeps
          every record in full, with the whole reply.
        </span>
        <span class="recital-audit-actions__spacer" />
        {!isConfirming ? (
          <button
            type="button"
            class="recital-button recital-button--danger-ghost"
            disabled={!records || records.length === 0}
            onClick={() => setIsConfirming(true)}
          >
            Clear the audit log…
          </button>
        ) : null}
      </div>
      {isConfirming && (
        <div
          class="recital-notice recital-notice--error"
          role="alertdialog"
          aria-labelledby="confirm-clear"
        >
          <div class="recital-notice__body">
            <p id="confirm-clear">
              Delete all {records?.length ?? 0} records of the audit log? This cannot be undone.
              Export them first if you may need them.
            </p>
            <div class="recital-audit-confirm__buttons">
              <button
                type="button"
                class="recital-button recital-button--primary"
                onClick={onClear}
              >
                Delete all records
              </button>
              <button
                type="button"
                class="recital-button recital-button--secondary"
                onClick={() => setIsConfirming(false)}
              >
                Keep them
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}
