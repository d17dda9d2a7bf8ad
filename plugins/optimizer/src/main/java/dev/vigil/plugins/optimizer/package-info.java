/**
 * The optimizer plugin: Weka models on the request history (a random-forest response-time predictor and an
 * isolation-forest anomaly detector over per-minute endpoint figures) and ranked optimization recommendations.
 */
package dev.vigil.plugins.optimizer;
