/**
 * The event contract of Traverse: one record per event of a VM's migration flow, the enum of event types, the
 * topic names, the CloudEvents-shaped {@link io.traverse.events.EventEnvelope} and its JSON form.
 *
 * <p>Events after discovery carry forward what the later phases need (the request, the source VM, the chosen
 * flavor, the network mapping), so every consumer can do its work from the one event it receives, without reading
 * another topic (topics are not ordered against each other) or another service's tables.
 *
 * <p>The human reference is {@code docs/events.md}, the machine one {@code docs/events/asyncapi.yaml}; tests in this
 * module fail when either drifts from these classes.
 */
package io.traverse.events;
