/** The kernel's own routes: the admin API, health and Prometheus metrics. */
package dev.vigil.kernel.admin;
