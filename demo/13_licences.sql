-- Which approved decisions issue an electronic licence (issue 11,
-- doc/licences.md): item.output_evidence_type for the items of the sample
-- county.  With it, an approval writes back data that later cases use
-- (材料减免率 rises as the simulated quarter goes on), and the bundles chain
-- their stages: 开餐馆一件事 and 开旅馆一件事 take the business licence their
-- first stage issues (produced), so an organisation is not asked for it.
SET search_path = service_affair, public;
BEGIN;

UPDATE item i SET output_evidence_type = v.evidence_type
  FROM (VALUES
    ('market_company_reg',    'business_licence'),
    ('market_indiv_reg',      'business_licence'),
    ('market_company_change', 'business_licence'),       -- renews (supersedes) the licence
    ('market_food_licence',   'food_licence'),
    ('ps_residence_permit',   'residence_permit'),
    ('ps_hotel_licence',      'special_trade_licence'),
    ('ps_seal_filing',        'seal_filing'),
    ('fire_opening_check',    'fire_opening_permit'),
    ('health_birth_cert',     'birth_medical_cert'),
    ('health_public_place',   'public_place_licence'),
    ('health_physician_reg',  'physician_practice'),
    ('hrss_sscard',           'social_security_card'),
    ('civil_marriage',        'marriage_cert'),
    ('civil_cremation',       'cremation_cert'),
    ('natres_transfer',       'property_cert'),           -- the buyer's new certificate
    ('natres_inherit',        'property_cert'),
    ('natres_mortgage',       'mortgage_cert'),
    ('tax_clearance',         'tax_clearance'),
    ('housing_drainage',      'drainage_permit'),
    ('enforce_signboard',     'signboard_approval'),
    ('enforce_outdoor_ad',    'outdoor_ad_approval')
  ) AS v(item, evidence_type)
 WHERE i.code = v.item;

-- The 0.1 workaround is gone: the business licence applied to organisations
-- only, so that a person opening a restaurant was not asked for the licence
-- the bundle's first stage issues.  Now registration issues it and asks for
-- none, every applicant kind needs it for the permits, and within a bundle it
-- is produced by stage 1; a person gets one from 个体工商户设立登记.
DELETE FROM material WHERE item = 'market_company_reg' AND code = 'business_licence';
UPDATE material SET applies_to = 'any' WHERE code = 'business_licence';

DO $$
BEGIN
    IF (SELECT count(*) FROM service_affair.item WHERE output_evidence_type IS NOT NULL) <> 21 THEN
        RAISE EXCEPTION 'demo licences: an issuing item is missing from the catalog';
    END IF;
END
$$;
COMMIT;
