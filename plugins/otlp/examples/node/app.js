'use strict';
// Tiny shop API with a deliberate N+1: GET /orders/:id reads the order's lines with one
// query, then runs one more query per line to load its product.
const express = require('express');
const { Pool } = require('pg');

// PostgreSQL connection: the usual PG* variables, defaulting to a local trust-auth server.
const pool = new Pool({
  host: process.env.PGHOST || '127.0.0.1',
  port: Number(process.env.PGPORT || 5432),
  user: process.env.PGUSER || 'postgres',
  database: process.env.PGDATABASE || 'test',
  password: process.env.PGPASSWORD,
});

async function setupSchema() {
  await pool.query(`CREATE TABLE IF NOT EXISTS node_demo_products (
      id integer PRIMARY KEY, name text NOT NULL, price_cents integer NOT NULL)`);
  await pool.query(`CREATE TABLE IF NOT EXISTS node_demo_order_items (
      order_id integer NOT NULL, product_id integer NOT NULL REFERENCES node_demo_products(id),
      quantity integer NOT NULL)`);
  await pool.query(`INSERT INTO node_demo_products (id, name, price_cents) VALUES
      (1, 'keyboard', 4900), (2, 'mouse', 1900), (3, 'monitor', 18900),
      (4, 'cable', 500), (5, 'dock', 9900), (6, 'webcam', 5900)
      ON CONFLICT (id) DO NOTHING`);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM node_demo_order_items');
  if (rows[0].n === 0) {
    await pool.query(`INSERT INTO node_demo_order_items (order_id, product_id, quantity) VALUES
        (1, 1, 1), (1, 2, 1), (1, 3, 2), (1, 4, 3), (1, 5, 1), (1, 6, 1),
        (2, 2, 1), (2, 4, 2), (2, 6, 1)`);
  }
}

const app = express();

app.get('/orders/:id', async (req, res) => {
  const orderId = Number(req.params.id);
  // 1 query for the order lines ...
  const lines = await pool.query(
    'SELECT product_id, quantity FROM node_demo_order_items WHERE order_id = $1 ORDER BY product_id',
    [orderId]);
  if (lines.rows.length === 0) {
    return res.status(404).json({ error: `order ${orderId} not found` });
  }
  // ... + N queries, one per line: the N+1 Vigil should flag.
  const items = [];
  for (const line of lines.rows) {
    const product = await pool.query(
      'SELECT name, price_cents FROM node_demo_products WHERE id = $1', [line.product_id]);
    items.push({ ...product.rows[0], quantity: line.quantity });
  }
  const totalCents = items.reduce((sum, i) => sum + i.price_cents * i.quantity, 0);
  res.json({ orderId, items, totalCents });
});


// Always fails: an unhandled exception, answered with 500 by Express's error handler.
app.get('/orders/:id/invoice', (req, res) => {
  throw new Error(`invoice service unavailable for order ${req.params.id}`);
});

const port = Number(process.env.PORT || 3000);
setupSchema()
  .then(() => app.listen(port, '127.0.0.1', () => {
    console.log(`shop listening on http://127.0.0.1:${port}`);
  }))
  .catch((err) => {
    console.error('schema setup failed', err);
    process.exit(1);
  });
