SELECT service_affair.submit('b1', 1, '{form}', 'online', '{}', '2026-11-18 10:00+08');
