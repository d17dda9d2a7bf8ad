// A table whose columns sort on click. Rows are objects; each column says how to read and show its value.
import { h, fill } from './dom.js';

/**
 * @param columns [{key, label, value?(row), render?(row), numeric?, sortable?}]
 * @param rows    objects
 * @param options {sort?: key, desc?: bool, test?: string, onRowClick?(row), empty?: string}
 */
export function sortableTable(columns, rows, options = {}) {
  let sortKey = options.sort || null;
  let desc = options.desc !== undefined ? options.desc : true;
  const tbody = h('tbody');
  const headRow = h('tr');
  const table = h('table.data', { test: options.test }, h('thead', headRow), tbody);

  const valueOf = (column, row) => (column.value ? column.value(row) : row[column.key]);

  function renderHead() {
    fill(headRow, columns.map((column) => {
      const active = column.key === sortKey;
      const th = h('th', {
        class: `${column.numeric ? 'num' : ''} ${column.sortable === false ? '' : 'sortable'} ${active ? 'sorted' : ''}`,
        'data-key': column.key,
        title: column.sortable === false ? undefined : 'Sort',
      }, column.label, active ? (desc ? ' ▾' : ' ▴') : '');
      if (column.sortable !== false) {
        th.addEventListener('click', () => {
          if (sortKey === column.key) desc = !desc;
          else { sortKey = column.key; desc = !!column.numeric; }
          render();
        });
      }
      return th;
    }));
  }

  function render() {
    renderHead();
    const sorted = rows.slice();
    const column = columns.find((c) => c.key === sortKey);
    if (column) {
      sorted.sort((a, b) => {
        const x = valueOf(column, a);
        const y = valueOf(column, b);
        if (x === y) return 0;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return desc ? -order : order;
      });
    }
    if (!sorted.length) {
      fill(tbody, h('tr', h('td.empty', { colSpan: columns.length }, options.empty || 'Nothing to show yet.')));
      return;
    }
    fill(tbody, sorted.map((row) => {
      const tr = h('tr', columns.map((c) => h('td', { class: c.numeric ? 'num' : '' },
        c.render ? c.render(row) : valueOf(c, row) ?? '–')));
      if (options.onRowClick) {
        tr.classList.add('clickable');
        tr.addEventListener('click', (e) => {
          if (e.target.closest('button, a')) return;
          options.onRowClick(row);
        });
      }
      return tr;
    }));
  }

  render();
  table.update = (newRows) => { rows = newRows; render(); };
  return table;
}
