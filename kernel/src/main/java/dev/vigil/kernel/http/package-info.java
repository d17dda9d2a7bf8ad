/** HTTP: the dispatcher serving plugin route tables, tokens, the request filter, JSON and error answers. */
package dev.vigil.kernel.http;
