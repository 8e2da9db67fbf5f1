-- The evidence-type registry (电子证照目录) of the sample county (issue 11,
-- doc/licences.md).  Loaded before 10_county_catalog.sql: every material that
-- names shared evidence names a registered type.  Which items issue a type
-- (item.output_evidence_type) is set in 13_licences.sql, once the items exist.
-- Source departments may be outside the county (free text).
SET search_path = service_affair, public;
BEGIN;

INSERT INTO evidence_type (code, name, holder_kind, source_department, validity_days, share_without_consent, identity, number_format) VALUES
    -- identity and civil status
    ('resident_id_card',       '居民身份证',                     'person', '象山县公安局',               NULL, true,  true,  '{type}-{seq}'),
    ('legal_rep_id',           '法定代表人身份证件',             'org',    '象山县公安局',               NULL, true,  true,  '{type}-{seq}'),
    ('household_register',     '居民户口簿',                     'person', '象山县公安局',               NULL, true,  true,  '{type}-{seq}'),
    ('id_photo',               '证件照片',                       'person', '象山县公安局',               1095, true,  false, '{type}-{seq}'),
    ('residence_permit',       '浙江省居住证',                   'person', '象山县公安局',               365,  true,  true,  '浙居{region}{year}{seq}'),
    ('marriage_cert',          '结婚证',                         'person', '象山县民政局',               NULL, true,  false, 'J{region}-{year}-{seq}'),
    ('birth_medical_cert',     '出生医学证明',                   'person', '象山县卫生健康局',           NULL, true,  false, 'Q{region}{year}{seq}'),
    ('delivery_record',        '医疗机构分娩记录',               'person', '象山县卫生健康局',           NULL, false, false, '{type}-{seq}'),
    ('death_cert',             '居民死亡医学证明（推断）书',     'person', '象山县卫生健康局',           NULL, true,  false, '{type}-{seq}'),
    -- business
    ('business_licence',       '营业执照',                       'any',    '象山县市场监督管理局',       NULL, true,  true,  '{region}{year}MA{seq}'),
    ('npo_registration',       '民办非企业单位登记证书',         'org',    '象山县民政局',               1825, true,  true,  '{type}-{seq}'),
    ('tax_clearance',          '清税证明',                       'org',    '国家税务总局象山县税务局',   NULL, true,  false, '象税清{year}{seq}'),
    ('food_licence',           '食品经营许可证',                 'any',    '象山县市场监督管理局',       1825, true,  false, 'JY{region}{year}{seq}'),
    ('fire_opening_permit',    '公众聚集场所投入使用、营业前消防安全检查合格证', 'any', '象山县消防救援大队', NULL, true, false, '象消安检字〔{year}〕第{seq}号'),
    ('special_trade_licence',  '特种行业许可证（旅馆业）',       'any',    '象山县公安局',               NULL, true,  false, '象公特{year}{seq}'),
    ('public_place_licence',   '公共场所卫生许可证',             'any',    '象山县卫生健康局',           1460, true,  false, '象卫公字〔{year}〕第{seq}号'),
    ('drainage_permit',        '城镇污水排入排水管网许可证',     'any',    '象山县住房和城乡建设局',     1825, true,  false, '浙象排{year}字第{seq}号'),
    ('signboard_approval',     '户外招牌设置批准文书',           'any',    '象山县综合行政执法局',       NULL, true,  false, '{type}-{year}-{seq}'),
    ('outdoor_ad_approval',    '户外广告设施设置批准文书',       'any',    '象山县综合行政执法局',       1095, true,  false, '{type}-{year}-{seq}'),
    ('seal_filing',            '印章刻制备案回执',               'any',    '象山县公安局',               NULL, true,  false, '{type}-{year}-{seq}'),
    -- health, social security, civil affairs
    ('physician_qualification','医师资格证书',                   'person', '国家卫生健康委员会',         NULL, true,  false, '{type}-{seq}'),
    ('physician_practice',     '医师执业证书',                   'person', '象山县卫生健康局',           NULL, true,  false, '{type}-{region}{year}{seq}'),
    ('retirement_approval',    '退休审批表',                     'person', '象山县人力资源和社会保障局', NULL, true,  false, '{type}-{seq}'),
    ('employment_termination', '解除或终止劳动关系证明',         'person', '象山县人力资源和社会保障局', NULL, false, false, '{type}-{seq}'),
    ('social_security_card',   '社会保障卡',                     'person', '象山县人力资源和社会保障局', 3650, true,  false, '{type}-{region}{seq}'),
    ('cremation_cert',         '火化证明',                       'person', '象山县民政局',               NULL, true,  false, '{type}-{year}-{seq}'),
    -- real estate
    ('property_cert',          '不动产权证书',                   'any',    '象山县自然资源和规划局',     NULL, true,  false, '浙({year})象山县不动产权第{seq}号'),
    ('mortgage_cert',          '不动产登记证明（抵押权）',       'any',    '象山县自然资源和规划局',     NULL, true,  false, '浙({year})象山县不动产证明第{seq}号'),
    ('sale_contract_filing',   '存量房买卖合同网签备案',         'any',    '象山县住房和城乡建设局',     NULL, true,  false, '{type}-{seq}'),
    ('tax_payment',            '完税或减免税凭证',               'any',    '国家税务总局象山县税务局',   NULL, true,  false, '{type}-{seq}');

COMMIT;
