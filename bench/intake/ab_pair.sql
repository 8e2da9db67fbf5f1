-- Paired timing of submit() against submit_old() (bench/intake/ab_submit.sh): n pairs of calls
-- on the same random applicant, the order alternating, clock_timestamp() around each call.
CREATE FUNCTION public.pair(n integer, OUT new_us float8, OUT old_us float8, OUT ratio_of_sums float8, OUT median_pair_ratio float8)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
DECLARE t0 timestamptz; t1 timestamptz; t2 timestamptz; a bigint; dn float8[] := '{}'; dold float8[] := '{}'; r float8[] := '{}';
  sn float8 := 0; so float8 := 0;
BEGIN
  FOR k IN 1..n LOOP
    a := 1 + (random() * 999)::integer;
    IF k % 2 = 0 THEN
      t0 := clock_timestamp();
      PERFORM service_affair.submit('bn6', a, '{m1,m2,m3,m4,m5,m6}', 'window');
      t1 := clock_timestamp();
      PERFORM service_affair.submit_old('bn6', a, '{m1,m2,m3,m4,m5,m6}', 'window');
      t2 := clock_timestamp();
      dn := dn || extract(epoch FROM t1 - t0) * 1e6; dold := dold || extract(epoch FROM t2 - t1) * 1e6;
    ELSE
      t0 := clock_timestamp();
      PERFORM service_affair.submit_old('bn6', a, '{m1,m2,m3,m4,m5,m6}', 'window');
      t1 := clock_timestamp();
      PERFORM service_affair.submit('bn6', a, '{m1,m2,m3,m4,m5,m6}', 'window');
      t2 := clock_timestamp();
      dold := dold || extract(epoch FROM t1 - t0) * 1e6; dn := dn || extract(epoch FROM t2 - t1) * 1e6;
    END IF;
  END LOOP;
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) INTO new_us FROM unnest(dn) x;
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) INTO old_us FROM unnest(dold) x;
  SELECT sum(x) INTO sn FROM unnest(dn) x; SELECT sum(x) INTO so FROM unnest(dold) x;
  ratio_of_sums := sn / so;
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY p.x / p.y) INTO median_pair_ratio FROM unnest(dn, dold) p(x, y);
END $f$;
