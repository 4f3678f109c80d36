'use client';
/**
 * The console's one data table (TanStack Table): columns are data, one header style, one row
 * style. Small tables render as a semantic <table>; `virtual` lists (thousands of rows) render
 * only the visible rows (TanStack Virtual) as an ARIA grid of divs with the same roles, so
 * "table", "row", "columnheader" and "cell" queries find the same things either way.
 */
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { useMemo, useRef, type ReactNode } from 'react';
import { cn } from './cn';

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T, index: number) => ReactNode;
  /** Extra classes of this column's cells (e.g. 'font-mono text-xs'). */
  className?: string;
  /** Grid track of a virtual table's column (e.g. 'minmax(12rem,1.3fr)'). */
  width?: string;
  /** Header read by screen readers only (e.g. an actions column). */
  srOnlyHeader?: boolean;
  /** The server-side sort key this column sorts by, when sortable. */
  sortKey?: string;
}

export interface TableSort {
  key: string;
  dir: 'asc' | 'desc';
  onSort: (key: string) => void;
}

interface DataTableProps<T> {
  /** Accessible name of the table. */
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  /** A bordered card of its own (list pages); without it the table sits inside a Card. */
  framed?: boolean;
  /** Shown in place of the rows when there are none. */
  empty?: ReactNode;
  sort?: TableSort;
  /** Render only the visible rows; the list scrolls within `maxHeight`. */
  virtual?: { estimateSize: number; maxHeight: string; testId?: string };
  className?: string;
}

const HEADER = 'bg-slate-50 px-3 py-2 text-left text-xs font-semibold text-slate-600 uppercase';
const CELL = 'px-3 py-2 align-top';
const ROW = 'border-t border-slate-100';
/** What a virtual list assumes of its viewport before it can measure (server render, hydration). */
const FIRST_SCREEN = { width: 1280, height: 800 };

function HeaderLabel<T>({ column, sort }: { column: Column<T>; sort?: TableSort }) {
  if (column.srOnlyHeader) return <span className="sr-only">{column.header}</span>;
  if (!sort || !column.sortKey) return <>{column.header}</>;
  const key = column.sortKey;
  const active = sort.key === key;
  return (
    <button type="button" onClick={() => sort.onSort(key)} className="inline-flex items-center gap-1 uppercase hover:text-slate-900" aria-label={`Sort by ${column.header}`}>
      {column.header}
      {active ? sort.dir === 'asc' ? <ArrowUp className="h-3 w-3" /> : <ArrowDown className="h-3 w-3" /> : <ArrowUpDown className="h-3 w-3 opacity-40" />}
    </button>
  );
}

const ariaSort = (sort: TableSort | undefined, column: { sortKey?: string }) =>
  sort && column.sortKey && sort.key === column.sortKey ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;

export function DataTable<T>({ label, columns, rows, rowKey, framed, empty, sort, virtual, className }: DataTableProps<T>) {
  const defs = useMemo<ColumnDef<T>[]>(
    () => columns.map((c) => ({ id: c.id, header: c.header, cell: (ctx) => c.cell(ctx.row.original, ctx.row.index), meta: c })),
    [columns],
  );
  const table = useReactTable({
    data: rows as T[],
    columns: defs,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    getRowId: (r, i) => rowKey(r, i),
  });
  const frame = framed ? 'overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm' : '';
  if (virtual) return <VirtualTable label={label} columns={columns} table={table} sort={sort} virtual={virtual} empty={empty} className={cn(frame, className)} />;
  const model = table.getRowModel().rows;
  return (
    <div className={cn(frame, 'overflow-x-auto', className)}>
      <table className="w-full text-sm" aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.id} className={HEADER} aria-sort={ariaSort(sort, c)}>
                <HeaderLabel column={c} sort={sort} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.length === 0 && empty ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-6 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : (
            model.map((row) => (
              <tr key={row.id} className={cn(ROW, framed && 'hover:bg-slate-50')}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={cn(CELL, (cell.column.columnDef.meta as Column<T>).className)}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function VirtualTable<T>({
  label,
  columns,
  table,
  sort,
  virtual,
  empty,
  className,
}: {
  label: string;
  columns: readonly Column<T>[];
  table: ReturnType<typeof useReactTable<T>>;
  sort?: TableSort;
  virtual: NonNullable<DataTableProps<T>['virtual']>;
  empty?: ReactNode;
  className?: string;
}) {
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  // The server has no scroll element to measure: without a first guess it renders no rows at
  // all and the list stays empty until hydration. A typical viewport renders the first screenful
  // into the HTML (the same rows on the client's first render, so hydration matches).
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => virtual.estimateSize, overscan: 12, initialRect: FIRST_SCREEN });
  const grid = { display: 'grid', gridTemplateColumns: columns.map((c) => c.width ?? 'minmax(0,1fr)').join(' '), columnGap: '0.75rem' };
  return (
    <div role="table" aria-label={label} aria-rowcount={rows.length + 1} className={className}>
      <div role="rowgroup">
        <div role="row" style={grid} className={cn(HEADER, 'border-b border-slate-200 px-4')}>
          {columns.map((c) => (
            <div role="columnheader" key={c.id} aria-sort={ariaSort(sort, c)}>
              <HeaderLabel column={c} sort={sort} />
            </div>
          ))}
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="px-4 py-8 text-center text-sm text-slate-500">{empty}</p>
      ) : (
        <div ref={scrollRef} role="rowgroup" className="overflow-auto" style={{ maxHeight: virtual.maxHeight }} data-testid={virtual.testId}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((vi) => {
              const row = rows[vi.index]!;
              return (
                <div
                  role="row"
                  key={row.id}
                  data-index={vi.index}
                  ref={virtualizer.measureElement}
                  aria-rowindex={vi.index + 2}
                  className="absolute inset-x-0 border-b border-slate-100 px-4 py-2.5 text-sm hover:bg-slate-50"
                  style={{ ...grid, transform: `translateY(${vi.start}px)` }}
                >
                  {row.getVisibleCells().map((cell) => (
                    <div role="cell" key={cell.id} className={cn('min-w-0', (cell.column.columnDef.meta as Column<T>).className)}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
