/**
 * The server render of the data table: a virtual list of thousands of rows puts its first
 * screenful into the HTML (it rendered no row at all before hydration), and never all of them.
 */
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable, type Column } from './data-table';

type Row = { name: string; host: string };
const rows: Row[] = Array.from({ length: 5000 }, (_, i) => ({ name: `route-${String(i).padStart(5, '0')}`, host: `h${i}.test` }));
const columns: Column<Row>[] = [
  { id: 'name', header: 'Name', sortKey: 'name', cell: (r) => <a href={`/r/${r.name}`}>{r.name}</a> },
  { id: 'host', header: 'Hosts', className: 'mono', cell: (r) => r.host },
];
const count = (html: string, what: string) => html.split(what).length - 1;

describe('DataTable on the server', () => {
  it('a virtual list renders its first screenful, in order, and not every row', () => {
    const html = renderToString(<DataTable label="Routes" columns={columns} rows={rows} rowKey={(r) => r.name} virtual={{ estimateSize: 56, maxHeight: '80vh' }} />);
    const rendered = count(html, 'role="row"') - 1; // minus the header row
    expect(rendered).toBeGreaterThanOrEqual(10);
    expect(rendered).toBeLessThan(60);
    expect(html).toContain('route-00000');
    expect(html).toContain('aria-rowcount="5001"');
    expect(html).not.toContain('route-04999');
    expect(count(html, 'role="cell"')).toBe(rendered * columns.length);
  });

  it('a small table renders every row as a semantic table, with its empty text when there are none', () => {
    const html = renderToString(<DataTable label="Members" columns={columns} rows={rows.slice(0, 3)} rowKey={(r) => r.name} sort={{ key: 'name', dir: 'asc', onSort: () => undefined }} />);
    expect(count(html, '<tr')).toBe(4);
    expect(html).toContain('aria-sort="ascending"');
    expect(html).toContain('<td class="px-3 py-2 align-top mono">h2.test</td>');
    expect(renderToString(<DataTable label="Members" columns={columns} rows={[]} rowKey={(r) => r.name} empty="Nobody yet." />)).toContain('Nobody yet.');
  });
});
