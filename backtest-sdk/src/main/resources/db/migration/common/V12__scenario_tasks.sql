-- Scenarios submitted over HTTP run in the background as data tasks of kind 'scenario' (their outputs go to the object
-- store under scenarios/{user_id}/{id}/), so the task view shows them beside refreshes and imports.
ALTER TABLE data_tasks DROP CONSTRAINT data_tasks_kind_known;
ALTER TABLE data_tasks ADD CONSTRAINT data_tasks_kind_known CHECK (kind IN ('refresh', 'import', 'scenario'));
