-- a clerk names the applicant by its resident id (the id form is for administrators)
SELECT service_affair.submit('b1', '11010519491231002X', '{form}', 'online', '{}', '2026-11-18 10:00+08');
