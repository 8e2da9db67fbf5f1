\set a random(1, 1000)
SELECT service_affair.submit('bn6', :a, '{m1,m2,m3,m4,m5,m6}', 'window');
