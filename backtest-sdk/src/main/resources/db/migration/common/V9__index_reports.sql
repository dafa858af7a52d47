-- index_performance reports (the index product), written once for PostgreSQL and H2 (MODE=PostgreSQL): such a report
-- names its index and the completed index run it read, in columns of their own (run_id is a backtest run's).
ALTER TABLE reports ADD COLUMN index_id UUID REFERENCES index_definitions (id);
ALTER TABLE reports ADD COLUMN index_run_id UUID REFERENCES index_runs (id);
ALTER TABLE reports ADD CONSTRAINT reports_index_source CHECK (type <> 'index_performance' OR (index_id IS NOT NULL AND index_run_id IS NOT NULL));
