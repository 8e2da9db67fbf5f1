-- The shard map (province data; here loaded by hand in the shard and the router)
INSERT INTO service_affair_shard.shard VALUES ('hz', 1);
INSERT INTO service_affair_shard.shard_region VALUES ('3301', 'hz');
