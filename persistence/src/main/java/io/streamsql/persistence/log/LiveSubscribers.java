package io.streamsql.persistence.log;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The live subscribers of one log partition, held in memory by its entity. Per subscriber it
 * holds only the flow-control numbers, never records: a batch goes out only while the subscriber
 * has fewer than its window of records unacknowledged, so a slow subscriber's mailbox stays
 * bounded; it notices the skipped batch by offset and reads it from the journal.
 */
final class LiveSubscribers {

  private static final class Subscription {
    long acknowledged;
    long sentEnd;
    int window;
    long leaseMillis;
    long lastHeardMillis;
  }

  private final Map<ActorRef<LiveFeed>, Subscription> subscriptions = new HashMap<>();

  <C> void subscribe(
      LogPartitionEntity.Subscribe cmd, long now, ActorContext<C> context,
      Function<ActorRef<LiveFeed>, C> terminated) {
    Subscription s = subscriptions.get(cmd.subscriber());
    if (s == null) {
      s = new Subscription();
      s.sentEnd = cmd.acknowledgedOffset();
      subscriptions.put(cmd.subscriber(), s);
      context.watchWith(cmd.subscriber(), terminated.apply(cmd.subscriber()));
    }
    s.acknowledged = Math.max(s.acknowledged, cmd.acknowledgedOffset());
    s.sentEnd = Math.max(s.sentEnd, s.acknowledged);
    s.window = Math.max(1, cmd.window());
    s.leaseMillis = cmd.leaseMillis();
    s.lastHeardMillis = now;
  }

  <C> void remove(ActorRef<LiveFeed> subscriber, ActorContext<C> context) {
    if (subscriptions.remove(subscriber) != null) context.unwatch(subscriber);
  }

  /** A terminated subscriber: the watch is already gone. */
  void forget(ActorRef<LiveFeed> subscriber) {
    subscriptions.remove(subscriber);
  }

  int count(long now) {
    dropLapsed(now);
    return subscriptions.size();
  }

  /** Sends a persisted batch to every subscriber whose window has room. */
  void publish(LogPartitionEntity.BatchAppended batch, long now) {
    if (subscriptions.isEmpty()) return;
    dropLapsed(now);
    LiveFeed.LiveBatch live = new LiveFeed.LiveBatch(batch.seqNr(), batch.firstOffset(), batch.records());
    for (Map.Entry<ActorRef<LiveFeed>, Subscription> e : subscriptions.entrySet()) {
      Subscription s = e.getValue();
      // Outstanding before this batch: one batch may overshoot the window, so a batch larger
      // than the window still reaches a subscriber that has consumed everything.
      if (s.sentEnd - s.acknowledged >= s.window) continue;
      e.getKey().tell(live);
      s.sentEnd = live.endOffset();
    }
  }

  // Watching catches stopped subscribers; the lease also catches ones whose node vanished
  // without the watch firing, so nothing is sent to them forever. Their watch stays until it
  // fires (its SubscriberTerminated then finds nothing to forget).
  private void dropLapsed(long now) {
    Iterator<Subscription> it = subscriptions.values().iterator();
    while (it.hasNext()) {
      Subscription s = it.next();
      if (now - s.lastHeardMillis > s.leaseMillis) it.remove();
    }
  }
}
