-- Applicants and the shared evidence (数据共享 / 电子证照) government holds on them.

CREATE TABLE service_affair.applicant (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('person', 'org')),
    resident_id service_affair.resident_id UNIQUE,
    uscc        service_affair.uscc UNIQUE,
    name        text NOT NULL CHECK (name <> ''),
    credit_ok   boolean NOT NULL DEFAULT true,
    CONSTRAINT applicant_identifier CHECK (
        (kind = 'person' AND resident_id IS NOT NULL AND uscc IS NULL)
        OR (kind = 'org' AND uscc IS NOT NULL AND resident_id IS NULL))
);
COMMENT ON TABLE service_affair.applicant IS
  'Applicants: persons (identified by resident_id) and organisations (identified by uscc)';
COMMENT ON COLUMN service_affair.applicant.id IS 'Applicant id';
COMMENT ON COLUMN service_affair.applicant.kind IS 'person or org';
COMMENT ON COLUMN service_affair.applicant.resident_id IS 'Resident identity number (居民身份证号码) of a person; NULL for an org';
COMMENT ON COLUMN service_affair.applicant.uscc IS 'Unified social credit code (统一社会信用代码) of an org; NULL for a person';
COMMENT ON COLUMN service_affair.applicant.name IS 'Name of the person or organisation';
COMMENT ON COLUMN service_affair.applicant.credit_ok IS 'false for bad credit or an earlier false commitment: no commitments, no tolerated materials';
COMMENT ON CONSTRAINT applicant_identifier ON service_affair.applicant IS
  'A person carries a resident_id and no uscc, an org a uscc and no resident_id';
SELECT pg_catalog.pg_extension_config_dump('service_affair.applicant', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.applicant_id_seq', '');

CREATE TABLE service_affair.evidence (
    applicant     bigint NOT NULL REFERENCES service_affair.applicant ON DELETE CASCADE,
    evidence_type text NOT NULL CHECK (evidence_type <> ''),
    reference     text,
    valid_until   date,
    PRIMARY KEY (applicant, evidence_type)
);
COMMENT ON TABLE service_affair.evidence IS
  'Shared data and e-licences on file for an applicant; a material whose evidence_type is on file and unexpired is not asked for';
COMMENT ON COLUMN service_affair.evidence.applicant IS 'The applicant it is about';
COMMENT ON COLUMN service_affair.evidence.evidence_type IS 'Type of evidence, matched against material.evidence_type';
COMMENT ON COLUMN service_affair.evidence.reference IS 'Reference of the record or licence in the source system';
COMMENT ON COLUMN service_affair.evidence.valid_until IS 'Last day it is valid (calendar-local day of the item); NULL: no expiry';
SELECT pg_catalog.pg_extension_config_dump('service_affair.evidence', '');
