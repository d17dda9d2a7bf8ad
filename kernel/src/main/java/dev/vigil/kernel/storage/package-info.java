/** The connection pool, migrations, per-plugin storage views, write queues and statement observation. */
package dev.vigil.kernel.storage;
