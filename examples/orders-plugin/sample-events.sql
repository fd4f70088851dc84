-- Sample order events for the orders-plugin example, appended to the platform's default events table:
--   psql ... -f sample-events.sql, or through any JDBC client (.ci/run uses the platform's own JDBC driver).
-- o-1: placed (schema version 1, total in cents: upcast to 2), shipped.
-- o-2: placed (schema version 2), cancelled.
-- o-3: placed (schema version 2).
insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at, schema_version) values
  ('7f3c2d1e-0001-4000-8000-000000000001', 'Order', 'o-1', 1, 'OrderPlaced',    '{"customer": "c-1", "total_cents": 1999}', '2026-01-05T10:00:00Z', 1),
  ('7f3c2d1e-0001-4000-8000-000000000002', 'Order', 'o-1', 2, 'OrderShipped',   '{"carrier": "post"}',                     '2026-01-05T12:00:00Z', 1),
  ('7f3c2d1e-0001-4000-8000-000000000003', 'Order', 'o-2', 1, 'OrderPlaced',    '{"customer": "c-2", "total": 5.50}',      '2026-01-05T10:30:00Z', 2),
  ('7f3c2d1e-0001-4000-8000-000000000004', 'Order', 'o-2', 2, 'OrderCancelled', '{"reason": "changed mind"}',              '2026-01-05T11:00:00Z', 1),
  ('7f3c2d1e-0001-4000-8000-000000000005', 'Order', 'o-3', 1, 'OrderPlaced',    '{"customer": "c-1", "total": 120.00}',    '2026-01-06T09:00:00Z', 2);
