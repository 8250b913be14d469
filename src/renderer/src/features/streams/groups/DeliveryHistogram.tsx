import type { PendingPage } from '../../../../../shared/features/streamGroupsContract';

interface DeliveryHistogramProps {
  histogram: PendingPage['histogram'];
  total: number;
}

/** How often pending entries were delivered: entries delivered many times (poison messages) stand out on the right. */
export function DeliveryHistogram({ histogram, total }: DeliveryHistogramProps) {
  const largest = Math.max(1, ...histogram.buckets.map((bucket) => bucket.count));
  return (
    <figure className="delivery-histogram" aria-label="Pending entries by number of deliveries">
      <div className="histogram-bars">
        {histogram.buckets.map((bucket, index) => (
          <div key={bucket.label} className={`histogram-bar${index >= 3 && bucket.count > 0 ? ' is-poison' : ''}`}>
            <span className="histogram-count">{bucket.count}</span>
            <span className="histogram-fill" style={{ height: `${Math.round((bucket.count / largest) * 60)}px` }} />
            <span className="histogram-label">{bucket.label}</span>
          </div>
        ))}
      </div>
      <figcaption className="muted">
        Deliveries per pending entry, over {histogram.covered} of {total} pending entries{histogram.isComplete ? '' : ' (the oldest ones; the rest were not counted)'} matching the
        consumer, idle and delivery filters. Entries delivered 6 times or more are likely failing every time.
      </figcaption>
    </figure>
  );
}
