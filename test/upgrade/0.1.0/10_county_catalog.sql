-- The sample county: 象山县 (Xiangshan County, Ningbo, Zhejiang; GB/T 2260 code
-- 330225), the county of the case study in the seeds.  Its departments, the
-- service items of its implementation list (实施清单) with the materials of their
-- public guides (办事指南), and five "一件事" bundles.  The catalog is modelled on
-- the published guides of Zhejiang counties; see demo/README.md for sources.
-- Applicants and their shared evidence are in 11_applicants.sql.
--
-- Conventions of this file:
--  * limits in working days.  legal_limit is the limit of the law that governs
--    the item (cited per row); where no special law sets one for a licence the
--    default of 行政许可法 Art 42 (20) applies; an immediate item (即办件) has
--    promised_limit NULL and a legal_limit only where a law sets one.
--  * a material code means the same document in every item: same name, same
--    shared-evidence type, same 告知承诺 and 容缺 rules, same applies_to.  Only
--    "required" varies per item.  A bundle asks for such a document once.
--  * the business licence and the legal representative's identity apply to
--    organisations only: a person opening a restaurant through a bundle gets the
--    licence from the bundle's first stage and is not asked for it.
SET search_path = service_affair, public;
BEGIN;

INSERT INTO department (code, name, region) VALUES
    ('market',          '象山县市场监督管理局',                   '330225'),
    ('natres',          '象山县自然资源和规划局（不动产登记中心）', '330225'),
    ('public_security', '象山县公安局',                           '330225'),
    ('fire',            '象山县消防救援大队',                     '330225'),
    ('health',          '象山县卫生健康局',                       '330225'),
    ('hrss',            '象山县人力资源和社会保障局',             '330225'),
    ('medins',          '象山县医疗保障局',                       '330225'),
    ('civil',           '象山县民政局',                           '330225'),
    ('tax',             '国家税务总局象山县税务局',               '330225'),
    ('housing',         '象山县住房和城乡建设局',                 '330225'),
    ('enforce',         '象山县综合行政执法局',                   '330225');

-- code, name, department, kind, legal, promised, max_visits, online, extension, tolerance
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit,
                  max_visits, online, extension_limit, tolerance_days)
SELECT * FROM (VALUES
    -- 市场主体登记管理条例 Art 19: register on the spot, else within 3 working days (+3)
    ('market_company_reg',   '有限责任公司设立登记',                     'market', 'promised',  3,    1,    0, true,  3,  5),
    ('market_indiv_reg',     '个体工商户设立登记',                       'market', 'immediate', 3,    NULL, 0, true,  3,  5),
    ('market_company_change','有限责任公司变更登记',                     'market', 'promised',  3,    1,    0, true,  3,  5),
    ('market_company_dereg', '企业注销登记',                             'market', 'promised',  3,    1,    0, true,  3,  5),
    -- 食品经营许可和备案管理办法 (2023) Art 17: 10 working days (+5)
    ('market_food_licence',  '食品经营许可（新办）',                     'market', 'promised',  10,   3,    0, true,  5,  5),
    -- 户口登记条例: no limit; on the spot
    ('ps_birth_reg',         '出生登记',                                 'public_security', 'immediate', NULL, NULL, 0, true,  10, 5),
    ('ps_death_cancel',      '死亡人员户口注销',                         'public_security', 'immediate', NULL, NULL, 0, true,  10, 5),
    ('ps_seal_filing',       '公章刻制备案',                             'public_security', 'immediate', NULL, NULL, 0, true,  10, 5),
    -- 居住证暂行条例 Art 10: 15 days
    ('ps_residence_permit',  '居住证申领',                               'public_security', 'promised',  15,   7,    1, true,  10, 5),
    -- 旅馆业治安管理办法: no special limit, 行政许可法 Art 42
    ('ps_hotel_licence',     '特种行业许可证核发（旅馆业）',             'public_security', 'promised',  20,   7,    0, true,  10, 5),
    -- 消防法 Art 15: decision within 10 working days of acceptance
    ('fire_opening_check',   '公众聚集场所投入使用、营业前消防安全检查', 'fire',   'promised',  10,   5,    0, true,  10, 5),
    -- 母婴保健法实施办法: issued by the delivering hospital at discharge
    ('health_birth_cert',    '出生医学证明首次签发',                     'health', 'immediate', NULL, NULL, 1, false, 10, 5),
    ('health_vaccination_cert','预防接种证办理',                         'health', 'immediate', NULL, NULL, 0, true,  10, 5),
    -- 公共场所卫生管理条例实施细则 Art 24: 20 days
    ('health_public_place',  '公共场所卫生许可（新办）',                 'health', 'promised',  20,   5,    0, true,  10, 5),
    -- 医师执业注册管理办法 Art 9: 20 working days
    ('health_physician_reg', '医师执业注册',                             'health', 'promised',  20,   5,    0, true,  10, 5),
    ('hrss_sscard',          '社会保障卡申领',                           'hrss',   'promised',  20,   3,    0, true,  10, 5),
    -- 社会保险法 Art 57: 15 days
    ('hrss_employer_reg',    '单位社会保险参保登记',                     'hrss',   'immediate', 15,   NULL, 0, true,  10, 5),
    ('hrss_funeral_grant',   '企业职工基本养老保险丧葬补助金、抚恤金申领','hrss',  'promised',  20,   5,    0, true,  10, 5),
    ('hrss_pension_stop',    '基本养老保险待遇停发（参保人员死亡）',     'hrss',   'immediate', NULL, NULL, 0, true,  10, 5),
    ('hrss_pension_claim',   '职工基本养老保险待遇申领（退休）',         'hrss',   'promised',  20,   10,   0, true,  10, 5),
    ('hrss_unemployment',    '失业保险金申领',                           'hrss',   'immediate', NULL, NULL, 0, true,  10, 5),
    ('medins_resident_enrol','城乡居民基本医疗保险参保登记',             'medins', 'immediate', NULL, NULL, 0, true,  10, 5),
    ('medins_newborn',       '新生儿城乡居民医保参保登记',               'medins', 'immediate', NULL, NULL, 0, true,  10, 5),
    ('medins_employer_reg',  '单位职工医疗保险参保登记',                 'medins', 'immediate', NULL, NULL, 0, true,  10, 5),
    ('medins_reimburse',     '医疗费用零星报销（手工报销）',             'medins', 'promised',  20,   10,   0, true,  10, 5),
    ('medins_account_settle','参保人员死亡个人账户一次性支取',           'medins', 'promised',  20,   5,    0, true,  10, 5),
    ('civil_cremation',      '遗体火化（殡葬服务）',                     'civil',  'immediate', NULL, NULL, 1, false, 10, 5),
    -- 婚姻登记条例: both parties in person, on the spot
    ('civil_marriage',       '内地居民结婚登记',                         'civil',  'immediate', NULL, NULL, 1, false, 10, 5),
    -- 最低生活保障审核确认办法 Art 17: 30 working days, 45 in special cases
    ('civil_min_living',     '最低生活保障审核确认',                     'civil',  'promised',  30,   15,   0, true,  15, 5),
    ('civil_elderly_allowance','高龄津贴申领',                           'civil',  'promised',  20,   5,    0, true,  10, 5),
    -- 不动产登记暂行条例 Art 20: 30 working days
    ('natres_transfer',      '不动产转移登记（存量房买卖）',             'natres', 'promised',  30,   5,    1, true,  10, 5),
    ('natres_mortgage',      '不动产抵押登记',                           'natres', 'promised',  30,   3,    0, true,  10, 5),
    ('natres_inherit',       '不动产转移登记（继承、受遗赠）',           'natres', 'promised',  30,   10,   1, false, 10, 5),
    ('natres_query',         '不动产登记资料查询',                       'natres', 'immediate', NULL, NULL, 0, true,  10, 5),
    ('tax_new_taxpayer',     '新办纳税人涉税事项（信息确认）',           'tax',    'immediate', NULL, NULL, 0, true,  10, 5),
    ('tax_invoice_first',    '首次发票申领',                             'tax',    'immediate', NULL, NULL, 0, true,  10, 5),
    ('tax_clearance',        '清税证明开具',                             'tax',    'immediate', NULL, NULL, 0, true,  10, 5),
    -- 城镇污水排入排水管网许可管理办法 Art 11: 15 working days
    ('housing_drainage',     '城镇污水排入排水管网许可',                 'housing','promised',  15,   5,    0, true,  10, 5),
    ('enforce_signboard',    '户外招牌设置审批',                         'enforce','promised',  20,   3,    0, true,  10, 5),
    ('enforce_outdoor_ad',   '户外广告设施设置审批',                     'enforce','promised',  20,   5,    0, true,  10, 5)
) AS v(code, name, department, kind, legal_limit, promised_limit, max_visits, online, extension_limit, tolerance_days);

-- The documents.  evidence_type: shared data (电子证照) that replaces the paper;
-- commitment: 告知承诺 allowed (only registration-type proofs and kinship,
-- never safety, health, environment, property or money matters).
CREATE TEMPORARY TABLE demo_document (
    code text PRIMARY KEY, name text, evidence_type text,
    commitment_allowed boolean, tolerable boolean, applies_to text);
INSERT INTO demo_document VALUES
    -- identity and civil status
    ('id_card',              '居民身份证',                                   'resident_id_card',       false, false, 'person'),
    ('legal_rep_id',         '法定代表人身份证件',                           'legal_rep_id',           false, false, 'org'),
    ('business_licence',     '营业执照',                                     'business_licence',       false, false, 'org'),
    ('household_register',   '居民户口簿',                                   'household_register',     false, false, 'person'),
    ('marriage_cert',        '结婚证',                                       'marriage_cert',          false, false, 'person'),
    ('birth_medical_cert',   '出生医学证明',                                 'birth_medical_cert',     false, false, 'person'),
    ('delivery_record',      '医疗机构分娩记录',                             'delivery_record',        false, false, 'person'),
    ('death_cert',           '居民死亡医学证明（推断）书',                   'death_cert',             false, false, 'person'),
    ('deceased_id_card',     '死者居民身份证（交回注销；遗失的作书面说明）', NULL,                     false, true,  'person'),
    ('kinship_proof',        '与死者的亲属关系证明',                         NULL,                     true,  false, 'person'),
    ('photo',                '近期免冠证件照片',                             'id_photo',               false, true,  'person'),
    ('residence_permit',     '浙江省居住证',                                 'residence_permit',       false, false, 'person'),
    ('power_of_attorney',    '授权委托书及受托人身份证件（委托办理的提供）', NULL,                     false, false, 'any'),
    ('bank_account',         '本人社会保障卡或银行账户信息',                 NULL,                     false, true,  'person'),
    -- business registration
    ('company_reg_form',     '公司登记（备案）申请书',                       NULL, false, false, 'any'),
    ('indiv_reg_form',       '个体工商户登记（备案）申请书',                 NULL, false, false, 'any'),
    ('change_reg_form',      '公司变更登记申请书',                           NULL, false, false, 'org'),
    ('dereg_form',           '公司注销登记申请书',                           NULL, false, false, 'org'),
    ('articles',             '公司章程',                                     NULL, false, false, 'any'),
    ('articles_amendment',   '公司章程修正案',                               NULL, false, false, 'org'),
    ('shareholder_resolution','股东会决议',                                  NULL, false, false, 'org'),
    ('appointment_docs',     '法定代表人、董事、监事和经理的任职文件',       NULL, false, false, 'any'),
    ('premises_proof',       '住所（经营场所）使用证明',                     NULL, true,  false, 'any'),
    ('liquidation_report',   '清算报告',                                     NULL, false, false, 'org'),
    ('tax_clearance_cert',   '清税证明',                                     'tax_clearance', false, false, 'org'),
    ('seal_form',            '印章刻制备案表',                               NULL, false, false, 'any'),
    ('ss_reg_form',          '社会保险登记表',                               NULL, false, false, 'any'),
    ('medins_reg_form',      '单位医疗保险参保登记表',                       NULL, false, false, 'any'),
    ('clearance_form',       '清税申报表',                                   NULL, false, false, 'org'),
    -- food, hygiene, fire, hotel, drainage, signs
    ('food_licence_form',    '食品经营许可申请书',                           NULL, false, false, 'any'),
    ('food_layout',          '主要设备设施、经营布局、操作流程等文件',       NULL, false, false, 'any'),
    ('food_safety_rules',    '保证食品安全的规章制度目录清单',               NULL, false, true,  'any'),
    ('fire_check_form',      '公众聚集场所投入使用、营业前消防安全检查申请表', NULL, false, false, 'any'),
    ('fire_safety_plan',     '消防安全制度、灭火和应急疏散预案',             NULL, false, false, 'any'),
    ('floor_plan',           '场所平面布置图',                               NULL, false, false, 'any'),
    ('fire_training_record', '员工岗前消防安全教育培训记录',                 NULL, false, false, 'any'),
    ('lease_contract',       '经营场所产权证明或租赁合同',                   NULL, false, false, 'any'),
    ('hotel_licence_form',   '特种行业许可证申请登记表',                     NULL, false, false, 'any'),
    ('security_rules',       '治安保卫制度及治安保卫人员名单',               NULL, false, false, 'any'),
    ('public_place_form',    '公共场所卫生许可申请表',                       NULL, false, false, 'any'),
    ('hygiene_test_report',  '公共场所卫生检测或者评价报告',                 NULL, false, false, 'any'),
    ('hygiene_rules',        '公共场所卫生管理制度',                         NULL, false, true,  'any'),
    ('staff_health_certs',   '从业人员健康合格证明',                         NULL, false, false, 'any'),
    ('drainage_form',        '排水许可申请表',                               NULL, false, false, 'any'),
    ('drainage_drawings',    '排水管网、专用检测井、排放口位置和口径图纸及说明', NULL, false, false, 'any'),
    ('pretreatment_docs',    '污水预处理设施（隔油池）建设材料',             NULL, false, false, 'any'),
    ('signboard_form',       '户外招牌设置申请表',                           NULL, false, false, 'any'),
    ('signboard_design',     '招牌设计效果图（标明尺寸、材质、位置）',       NULL, false, false, 'any'),
    ('owner_consent',        '建筑物产权人同意设置的书面意见',               NULL, false, true,  'any'),
    ('ad_form',              '户外广告设施设置申请表',                       NULL, false, false, 'any'),
    ('ad_design',            '广告设施设计方案及效果图',                     NULL, false, false, 'any'),
    ('structure_safety_report','大型广告设施结构安全检测报告',               NULL, false, false, 'any'),
    -- health and social security
    ('birth_cert_form',      '出生医学证明首次签发登记表',                   NULL, false, false, 'person'),
    ('physician_form',       '医师执业注册申请审核表',                       NULL, false, false, 'person'),
    ('physician_qualification','医师资格证书',                               'physician_qualification', false, false, 'person'),
    ('medical_exam_report',  '近6个月内的健康体检证明',                      NULL, false, false, 'person'),
    ('employer_letter',      '拟执业医疗机构聘用证明',                       NULL, false, false, 'person'),
    ('retirement_approval',  '退休审批表',                                   'retirement_approval', false, false, 'person'),
    ('termination_proof',    '解除或终止劳动关系证明',                       'employment_termination', false, false, 'person'),
    ('medical_invoices',     '医疗费用票据',                                 NULL, false, false, 'person'),
    ('expense_list',         '医疗费用明细清单',                             NULL, false, false, 'person'),
    ('discharge_summary',    '出院记录（住院费用报销的提供）',               NULL, false, true,  'person'),
    ('residence_proof',      '居住证明（租赁合同或房屋产权证明）',           NULL, true,  false, 'person'),
    ('work_or_study_proof',  '就业或就读证明',                               NULL, true,  false, 'person'),
    ('residence_permit_form','居住证申领登记表',                             NULL, false, false, 'person'),
    -- civil affairs
    ('marriage_declaration', '本人无配偶以及与对方无直系血亲和三代以内旁系血亲关系的签字声明', NULL, false, false, 'person'),
    ('couple_photo',         '双方近期半身免冠合影照片',                     NULL, false, false, 'person'),
    ('min_living_form',      '最低生活保障申请书',                           NULL, false, false, 'person'),
    ('income_declaration',   '家庭收入和财产状况申报',                       NULL, false, false, 'person'),
    ('check_authorization',  '家庭经济状况核对授权书',                       NULL, false, false, 'person'),
    -- real estate
    ('realestate_form',      '不动产登记申请书',                             NULL, false, false, 'any'),
    ('property_cert',        '不动产权属证书',                               'property_cert', false, false, 'any'),
    ('sale_contract',        '存量房买卖合同（网签备案）',                   'sale_contract_filing', false, false, 'any'),
    ('tax_payment_proof',    '完税或减免税凭证',                             'tax_payment', false, false, 'any'),
    ('marital_status_proof', '婚姻状况证明（结婚证或离婚证）',               'marriage_cert', false, false, 'person'),
    ('mortgage_contract',    '抵押合同',                                     NULL, false, false, 'any'),
    ('loan_contract',        '主债权合同',                                   NULL, false, false, 'any'),
    ('inheritance_proof',    '继承权公证书或全体继承人到场查验材料',         NULL, false, false, 'person'),
    ('query_form',           '不动产登记资料查询申请书',                     NULL, false, false, 'any');

-- Which document each item's guide asks for (required false: only in the case
-- named in the document's name, shown as optional).
CREATE TEMPORARY TABLE demo_item_document (item text, code text, required boolean);
INSERT INTO demo_item_document VALUES
    -- 市场主体登记管理条例实施细则 Art 26 (公司设立)
    ('market_company_reg', 'company_reg_form', true), ('market_company_reg', 'articles', true),
    ('market_company_reg', 'id_card', true), ('market_company_reg', 'business_licence', true),
    ('market_company_reg', 'appointment_docs', true), ('market_company_reg', 'premises_proof', true),
    ('market_company_reg', 'power_of_attorney', false),
    ('market_indiv_reg', 'indiv_reg_form', true), ('market_indiv_reg', 'id_card', true),
    ('market_indiv_reg', 'premises_proof', true), ('market_indiv_reg', 'power_of_attorney', false),
    ('market_company_change', 'change_reg_form', true), ('market_company_change', 'business_licence', true),
    ('market_company_change', 'shareholder_resolution', true), ('market_company_change', 'articles_amendment', true),
    ('market_company_change', 'premises_proof', false), ('market_company_change', 'power_of_attorney', false),
    ('market_company_dereg', 'dereg_form', true), ('market_company_dereg', 'business_licence', true),
    ('market_company_dereg', 'shareholder_resolution', true), ('market_company_dereg', 'liquidation_report', true),
    ('market_company_dereg', 'tax_clearance_cert', true), ('market_company_dereg', 'power_of_attorney', false),
    -- 食品经营许可和备案管理办法 Art 13
    ('market_food_licence', 'food_licence_form', true), ('market_food_licence', 'business_licence', true),
    ('market_food_licence', 'legal_rep_id', true), ('market_food_licence', 'id_card', true),
    ('market_food_licence', 'food_layout', true), ('market_food_licence', 'food_safety_rules', true),
    ('market_food_licence', 'power_of_attorney', false),
    -- 户籍
    ('ps_birth_reg', 'birth_medical_cert', true), ('ps_birth_reg', 'household_register', true),
    ('ps_birth_reg', 'id_card', true), ('ps_birth_reg', 'marriage_cert', true),
    ('ps_death_cancel', 'death_cert', true), ('ps_death_cancel', 'household_register', true),
    ('ps_death_cancel', 'deceased_id_card', true), ('ps_death_cancel', 'id_card', true),
    ('ps_seal_filing', 'seal_form', true), ('ps_seal_filing', 'business_licence', true),
    ('ps_seal_filing', 'legal_rep_id', true), ('ps_seal_filing', 'id_card', true),
    ('ps_residence_permit', 'residence_permit_form', true), ('ps_residence_permit', 'id_card', true),
    ('ps_residence_permit', 'photo', true), ('ps_residence_permit', 'residence_proof', true),
    ('ps_residence_permit', 'work_or_study_proof', false),
    ('ps_hotel_licence', 'hotel_licence_form', true), ('ps_hotel_licence', 'business_licence', true),
    ('ps_hotel_licence', 'legal_rep_id', true), ('ps_hotel_licence', 'id_card', true),
    ('ps_hotel_licence', 'lease_contract', true), ('ps_hotel_licence', 'floor_plan', true),
    ('ps_hotel_licence', 'security_rules', true),
    -- 公众聚集场所投入使用、营业消防安全检查规则 (2021)
    ('fire_opening_check', 'fire_check_form', true), ('fire_opening_check', 'business_licence', true),
    ('fire_opening_check', 'legal_rep_id', true), ('fire_opening_check', 'id_card', true),
    ('fire_opening_check', 'fire_safety_plan', true), ('fire_opening_check', 'floor_plan', true),
    ('fire_opening_check', 'fire_training_record', true),
    -- 卫生健康
    ('health_birth_cert', 'birth_cert_form', true), ('health_birth_cert', 'id_card', true),
    ('health_birth_cert', 'delivery_record', true),
    ('health_vaccination_cert', 'birth_medical_cert', true), ('health_vaccination_cert', 'id_card', true),
    ('health_public_place', 'public_place_form', true), ('health_public_place', 'business_licence', true),
    ('health_public_place', 'legal_rep_id', true), ('health_public_place', 'id_card', true),
    ('health_public_place', 'hygiene_test_report', true), ('health_public_place', 'hygiene_rules', true),
    ('health_public_place', 'floor_plan', true), ('health_public_place', 'staff_health_certs', true),
    ('health_physician_reg', 'physician_form', true), ('health_physician_reg', 'id_card', true),
    ('health_physician_reg', 'physician_qualification', true), ('health_physician_reg', 'medical_exam_report', true),
    ('health_physician_reg', 'employer_letter', true), ('health_physician_reg', 'photo', true),
    -- 人力社保
    ('hrss_sscard', 'id_card', true), ('hrss_sscard', 'household_register', true),
    ('hrss_sscard', 'photo', true),
    ('hrss_employer_reg', 'ss_reg_form', true), ('hrss_employer_reg', 'business_licence', true),
    ('hrss_employer_reg', 'legal_rep_id', true), ('hrss_employer_reg', 'id_card', true),
    ('hrss_funeral_grant', 'death_cert', true), ('hrss_funeral_grant', 'id_card', true),
    ('hrss_funeral_grant', 'kinship_proof', true), ('hrss_funeral_grant', 'bank_account', true),
    ('hrss_pension_stop', 'death_cert', true), ('hrss_pension_stop', 'id_card', true),
    ('hrss_pension_claim', 'id_card', true), ('hrss_pension_claim', 'retirement_approval', true),
    ('hrss_pension_claim', 'bank_account', true), ('hrss_pension_claim', 'photo', true),
    ('hrss_unemployment', 'id_card', true), ('hrss_unemployment', 'termination_proof', true),
    ('hrss_unemployment', 'bank_account', true),
    -- 医保
    ('medins_resident_enrol', 'id_card', true), ('medins_resident_enrol', 'household_register', true),
    ('medins_resident_enrol', 'residence_permit', false),
    ('medins_newborn', 'birth_medical_cert', true), ('medins_newborn', 'household_register', true),
    ('medins_newborn', 'id_card', true),
    ('medins_employer_reg', 'medins_reg_form', true), ('medins_employer_reg', 'business_licence', true),
    ('medins_employer_reg', 'legal_rep_id', true), ('medins_employer_reg', 'id_card', true),
    ('medins_reimburse', 'id_card', true), ('medins_reimburse', 'medical_invoices', true),
    ('medins_reimburse', 'expense_list', true), ('medins_reimburse', 'discharge_summary', true),
    ('medins_reimburse', 'bank_account', true),
    ('medins_account_settle', 'death_cert', true), ('medins_account_settle', 'id_card', true),
    ('medins_account_settle', 'kinship_proof', true), ('medins_account_settle', 'bank_account', true),
    -- 民政
    ('civil_cremation', 'death_cert', true), ('civil_cremation', 'id_card', true),
    ('civil_cremation', 'deceased_id_card', true),
    ('civil_marriage', 'id_card', true), ('civil_marriage', 'marriage_declaration', true),
    ('civil_marriage', 'couple_photo', true),
    ('civil_min_living', 'min_living_form', true), ('civil_min_living', 'id_card', true),
    ('civil_min_living', 'household_register', true), ('civil_min_living', 'income_declaration', true),
    ('civil_min_living', 'check_authorization', true),
    ('civil_elderly_allowance', 'id_card', true), ('civil_elderly_allowance', 'household_register', true),
    ('civil_elderly_allowance', 'bank_account', true),
    -- 不动产登记暂行条例实施细则, 不动产登记操作规范
    ('natres_transfer', 'realestate_form', true), ('natres_transfer', 'id_card', true),
    ('natres_transfer', 'business_licence', true), ('natres_transfer', 'legal_rep_id', true),
    ('natres_transfer', 'property_cert', true), ('natres_transfer', 'sale_contract', true),
    ('natres_transfer', 'tax_payment_proof', true), ('natres_transfer', 'marital_status_proof', true),
    ('natres_transfer', 'power_of_attorney', false),
    ('natres_mortgage', 'realestate_form', true), ('natres_mortgage', 'id_card', true),
    ('natres_mortgage', 'business_licence', true), ('natres_mortgage', 'legal_rep_id', true),
    ('natres_mortgage', 'property_cert', true), ('natres_mortgage', 'mortgage_contract', true),
    ('natres_mortgage', 'loan_contract', true), ('natres_mortgage', 'power_of_attorney', false),
    ('natres_inherit', 'realestate_form', true), ('natres_inherit', 'id_card', true),
    ('natres_inherit', 'property_cert', true), ('natres_inherit', 'death_cert', true),
    ('natres_inherit', 'inheritance_proof', true), ('natres_inherit', 'power_of_attorney', false),
    ('natres_query', 'query_form', true), ('natres_query', 'id_card', true),
    ('natres_query', 'business_licence', true), ('natres_query', 'legal_rep_id', true),
    -- 税务
    ('tax_new_taxpayer', 'business_licence', true), ('tax_new_taxpayer', 'legal_rep_id', true),
    ('tax_new_taxpayer', 'id_card', true),
    ('tax_invoice_first', 'business_licence', true), ('tax_invoice_first', 'legal_rep_id', true),
    ('tax_invoice_first', 'id_card', true),
    ('tax_clearance', 'clearance_form', true), ('tax_clearance', 'business_licence', true),
    ('tax_clearance', 'legal_rep_id', true),
    -- 城镇污水排入排水管网许可管理办法 Art 10
    ('housing_drainage', 'drainage_form', true), ('housing_drainage', 'business_licence', true),
    ('housing_drainage', 'legal_rep_id', true), ('housing_drainage', 'id_card', true),
    ('housing_drainage', 'drainage_drawings', true), ('housing_drainage', 'pretreatment_docs', true),
    -- 招牌、户外广告
    ('enforce_signboard', 'signboard_form', true), ('enforce_signboard', 'business_licence', true),
    ('enforce_signboard', 'legal_rep_id', true), ('enforce_signboard', 'id_card', true),
    ('enforce_signboard', 'signboard_design', true), ('enforce_signboard', 'owner_consent', true),
    ('enforce_outdoor_ad', 'ad_form', true), ('enforce_outdoor_ad', 'business_licence', true),
    ('enforce_outdoor_ad', 'legal_rep_id', true), ('enforce_outdoor_ad', 'id_card', true),
    ('enforce_outdoor_ad', 'ad_design', true), ('enforce_outdoor_ad', 'owner_consent', true),
    ('enforce_outdoor_ad', 'structure_safety_report', true);

INSERT INTO material (item, code, name, required, tolerable, evidence_type, commitment_allowed, applies_to)
SELECT l.item, l.code, d.name, l.required, d.tolerable AND l.required, d.evidence_type,
       d.commitment_allowed, d.applies_to
  FROM demo_item_document l
  JOIN demo_document d USING (code)
 ORDER BY l.item, l.code;

DO $$
BEGIN
    -- every link names a known document and every document is used
    IF EXISTS (SELECT 1 FROM pg_temp.demo_item_document l
                WHERE NOT EXISTS (SELECT 1 FROM pg_temp.demo_document d WHERE d.code = l.code))
       OR EXISTS (SELECT 1 FROM pg_temp.demo_document d
                   WHERE NOT EXISTS (SELECT 1 FROM pg_temp.demo_item_document l WHERE l.code = d.code)) THEN
        RAISE EXCEPTION 'demo catalog: document list and item links disagree';
    END IF;
END
$$;

-- "一件事" bundles.  promised_limit NULL: the default (sum over stages of the
-- largest member limit).
INSERT INTO bundle (code, name, lead_department, promised_limit) VALUES
    ('open_business',   '企业开办一件事',     'market',          NULL),
    ('open_restaurant', '开餐馆一件事',       'market',          5),
    ('open_hotel',      '开旅馆一件事',       'public_security', NULL),
    ('newborn',         '新生儿出生一件事',   'public_security', NULL),
    ('after_death',     '身后事一件事',       'civil',           5);

INSERT INTO bundle_item (bundle, item, stage) VALUES
    -- 企业开办: the licence first, then seal, tax, social and medical insurance together
    ('open_business',   'market_company_reg',   1),
    ('open_business',   'ps_seal_filing',       2),
    ('open_business',   'tax_new_taxpayer',     2),
    ('open_business',   'tax_invoice_first',    2),
    ('open_business',   'hrss_employer_reg',    2),
    ('open_business',   'medins_employer_reg',  2),
    -- 开餐馆 (seed 000: 市场监管、卫生健康、消防...): licence, then the permits in parallel.
    -- Restaurants no longer need the 公共场所卫生许可 (国发〔2016〕12号).
    ('open_restaurant', 'market_company_reg',   1),
    ('open_restaurant', 'market_food_licence',  2),
    ('open_restaurant', 'fire_opening_check',   2),
    ('open_restaurant', 'enforce_signboard',    2),
    ('open_restaurant', 'housing_drainage',     2),
    -- 开旅馆: licence, then 特种行业, 公共场所卫生 and fire check in parallel
    ('open_hotel',      'market_company_reg',   1),
    ('open_hotel',      'ps_hotel_licence',     2),
    ('open_hotel',      'health_public_place',  2),
    ('open_hotel',      'fire_opening_check',   2),
    -- 出生一件事: starts once the hospital has issued the electronic 出生医学证明
    ('newborn',         'ps_birth_reg',         1),
    ('newborn',         'medins_newborn',       2),
    ('newborn',         'hrss_sscard',          2),
    ('newborn',         'health_vaccination_cert', 2),
    -- 身后事 (seed 003, 象山县: 火化、户口注销、待遇停发 in sequence)
    ('after_death',     'civil_cremation',      1),
    ('after_death',     'ps_death_cancel',      2),
    ('after_death',     'hrss_pension_stop',    3),
    ('after_death',     'hrss_funeral_grant',   3),
    ('after_death',     'medins_account_settle',3);

DROP TABLE demo_item_document;
DROP TABLE demo_document;
COMMIT;
