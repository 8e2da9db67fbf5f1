-- What an application would otherwise write, on plain tables of its own
-- (no extension trigger, CHECK, RLS or index beyond what is named here):
--   plain_app: primary keys, foreign keys and an index on the queue's (status, due);
--   plain_floor: primary keys only (the bare floor).
-- The same catalog and applicants as the extension's (setup.sql).
CREATE SCHEMA plain_app;
CREATE TABLE plain_app.applicant (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE plain_app.item (code text PRIMARY KEY, department text NOT NULL, promised_limit integer NOT NULL);
CREATE TABLE plain_app.cases (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service text NOT NULL REFERENCES plain_app.item,
    applicant bigint NOT NULL REFERENCES plain_app.applicant,
    channel text NOT NULL, status text NOT NULL,
    submitted_at timestamptz NOT NULL, accepted_at timestamptz, due date, visits integer NOT NULL);
CREATE TABLE plain_app.case_material (
    case_id bigint NOT NULL REFERENCES plain_app.cases, material text NOT NULL, status text NOT NULL,
    supplied_at timestamptz, PRIMARY KEY (case_id, material));
CREATE TABLE plain_app.queue (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id bigint NOT NULL REFERENCES plain_app.cases, item text NOT NULL REFERENCES plain_app.item,
    department text NOT NULL, status text NOT NULL, due date NOT NULL, assignee text);
CREATE INDEX ON plain_app.queue (status, due);
INSERT INTO plain_app.applicant SELECT id, name FROM service_affair.applicant;
INSERT INTO plain_app.item SELECT code, department, promised_limit FROM service_affair.item;

CREATE SCHEMA plain_floor;
CREATE TABLE plain_floor.cases (LIKE plain_app.cases INCLUDING IDENTITY, PRIMARY KEY (id));
CREATE TABLE plain_floor.case_material (LIKE plain_app.case_material, PRIMARY KEY (case_id, material));
CREATE TABLE plain_floor.queue (LIKE plain_app.queue INCLUDING IDENTITY, PRIMARY KEY (id));
ANALYZE;
