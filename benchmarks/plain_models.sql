-- The 14 supervision models as a plain DuckDB script: what an analyst would write instead of Qingfeng.
-- Straight from the data contract's model table; exact-ID joins only (no entity resolution,
-- no quarantine, no evidence lists, no explanations). Reads the CSVs of {dataset} directly;
-- a value that breaks its type becomes NULL (TRY_CAST) instead of being quarantined.
-- Used by `qingfeng bench scan` as the "plain SQL" series: {dataset} is replaced by the folder and
-- {csv_options} by the read_csv options (header, RFC 4180 quoting, all text, lenient on ragged rows).

CREATE TEMP MACRO id(x) AS upper(trim(CAST(x AS VARCHAR)));
CREATE TEMP MACRO d(x) AS TRY_CAST(x AS DATE);
CREATE TEMP MACRO m(x) AS TRY_CAST(x || '-01' AS DATE);
CREATE TEMP MACRO money(x) AS TRY_CAST(x AS DECIMAL(18, 2));

CREATE TEMP VIEW persons AS SELECT id(id_number) AS id_number, household_id
    FROM read_csv('{dataset}/persons.csv', {csv_options});
CREATE TEMP VIEW deaths AS SELECT record_id, id(id_number) AS id_number, d(death_date) AS death_date
    FROM read_csv('{dataset}/deaths.csv', {csv_options});
CREATE TEMP VIEW imprisonments AS SELECT record_id, id(id_number) AS id_number,
    d(start_date) AS start_date, d(end_date) AS end_date
    FROM read_csv('{dataset}/imprisonments.csv', {csv_options});
CREATE TEMP VIEW pension_payments AS SELECT payment_id, id(id_number) AS id_number, m(month) AS month,
    money(amount) AS amount, scheme
    FROM read_csv('{dataset}/pension_payments.csv', {csv_options});
CREATE TEMP VIEW medical_claims AS SELECT claim_id, id(id_number) AS id_number, provider_id, claim_type,
    d(admission_date) AS admission_date, d(discharge_date) AS discharge_date, d(settle_date) AS settle_date,
    money(fund_amount) AS fund_amount
    FROM read_csv('{dataset}/medical_claims.csv', {csv_options});
CREATE TEMP VIEW subsidy_payments AS SELECT payment_id, id(id_number) AS id_number, program,
    d(pay_date) AS pay_date, money(amount) AS amount, bank_account, village, id(approver_id) AS approver_id
    FROM read_csv('{dataset}/subsidy_payments.csv', {csv_options});
CREATE TEMP VIEW relations AS SELECT id(id_number_a) AS a, id(id_number_b) AS b
    FROM read_csv('{dataset}/relations.csv', {csv_options});
CREATE TEMP VIEW companies AS SELECT upper(trim(credit_code)) AS credit_code, id(legal_rep_id) AS legal_rep_id,
    d(registered_date) AS registered_date, status
    FROM read_csv('{dataset}/companies.csv', {csv_options});
CREATE TEMP VIEW shareholders AS SELECT upper(trim(credit_code)) AS credit_code, id(holder_id) AS holder_id
    FROM read_csv('{dataset}/shareholders.csv', {csv_options});
CREATE TEMP VIEW vehicles AS SELECT plate, id(owner_id) AS owner_id, d(registered_date) AS registered_date
    FROM read_csv('{dataset}/vehicles.csv', {csv_options});
CREATE TEMP VIEW enrollments AS SELECT id(id_number) AS id_number, d(start_date) AS start_date, d(end_date) AS end_date
    FROM read_csv('{dataset}/enrollments.csv', {csv_options});
CREATE TEMP VIEW tenders AS SELECT tender_id, money(budget) AS budget
    FROM read_csv('{dataset}/tenders.csv', {csv_options});
CREATE TEMP VIEW bids AS SELECT tender_id, upper(trim(bidder_code)) AS bidder_code, contact_phone, contact_address
    FROM read_csv('{dataset}/bids.csv', {csv_options});
CREATE TEMP VIEW contracts AS SELECT contract_id, buyer_org, upper(trim(supplier_code)) AS supplier_code,
    money(amount) AS amount, d(sign_date) AS sign_date, method, id(approver_id) AS approver_id
    FROM read_csv('{dataset}/contracts.csv', {csv_options});
CREATE TEMP VIEW projects AS SELECT project_id, d(start_date) AS start_date, d(end_date) AS end_date,
    TRY_CAST(workers AS INTEGER) AS workers
    FROM read_csv('{dataset}/projects.csv', {csv_options});
CREATE TEMP VIEW wage_payments AS SELECT project_id, m(month) AS month, money(amount) AS amount
    FROM read_csv('{dataset}/wage_payments.csv', {csv_options});

-- Shared pieces: the earliest death of each registered person, and relatives (one step, both ways).
CREATE TEMP TABLE death AS
    SELECT x.id_number, min(x.death_date) AS death_date FROM deaths x JOIN persons p USING (id_number)
    WHERE x.death_date IS NOT NULL GROUP BY x.id_number;
CREATE TEMP TABLE relatives AS
    SELECT DISTINCT a.id_number AS person, b.id_number AS relative FROM persons a
    JOIN persons b ON a.household_id = b.household_id AND a.id_number <> b.id_number
    UNION SELECT a, b FROM relations WHERE a <> b
    UNION SELECT b, a FROM relations WHERE a <> b;

CREATE TEMP TABLE clue_pension_after_death AS
    SELECT p.id_number AS subject, sum(p.amount) AS amount FROM pension_payments p JOIN death USING (id_number)
    WHERE p.month > date_trunc('month', death.death_date) GROUP BY 1;

CREATE TEMP TABLE clue_pension_during_imprisonment AS
    SELECT id_number AS subject, sum(amount) AS amount FROM (
        SELECT DISTINCT p.payment_id, p.id_number, p.amount FROM pension_payments p
        JOIN imprisonments i USING (id_number)
        WHERE p.scheme = 'resident' AND p.month >= i.start_date
          AND (i.end_date IS NULL OR last_day(p.month) <= i.end_date)) GROUP BY 1;

CREATE TEMP TABLE clue_medical_claim_after_death AS
    SELECT c.id_number AS subject, sum(c.fund_amount) AS amount FROM medical_claims c JOIN death USING (id_number)
    WHERE CASE WHEN c.claim_type = 'inpatient' THEN c.admission_date ELSE c.settle_date END > death.death_date
    GROUP BY 1;

CREATE TEMP TABLE clue_overlapping_inpatient AS
    WITH stay AS (SELECT * FROM medical_claims WHERE claim_type = 'inpatient'),
    pair AS (SELECT a.id_number, a.claim_id AS x, b.claim_id AS y FROM stay a JOIN stay b
        ON a.id_number = b.id_number AND a.claim_id < b.claim_id AND a.provider_id <> b.provider_id
        WHERE date_diff('day', greatest(a.admission_date, b.admission_date),
                        least(a.discharge_date, b.discharge_date)) >= 1)
    SELECT s.id_number AS subject, sum(s.fund_amount) AS amount FROM stay s
    WHERE s.claim_id IN (SELECT x FROM pair UNION SELECT y FROM pair) AND s.id_number IN (SELECT id_number FROM persons)
    GROUP BY 1;

CREATE TEMP TABLE clue_subsidy_after_death AS
    SELECT s.id_number AS subject, sum(s.amount) AS amount FROM subsidy_payments s JOIN death USING (id_number)
    WHERE s.pay_date > death.death_date GROUP BY 1;

CREATE TEMP TABLE clue_shared_subsidy_account AS
    WITH RECURSIVE recipient AS (
        SELECT DISTINCT s.bank_account, s.id_number FROM subsidy_payments s JOIN persons USING (id_number)
        WHERE s.bank_account IS NOT NULL),
    edge AS (SELECT a.bank_account, a.id_number, b.id_number AS other FROM recipient a
        JOIN recipient b ON a.bank_account = b.bank_account
        JOIN relatives r ON r.person = a.id_number AND r.relative = b.id_number),
    reach(bank_account, id_number, reached) AS (
        SELECT bank_account, id_number, id_number FROM recipient
        UNION SELECT r.bank_account, r.id_number, e.other FROM reach r
        JOIN edge e ON e.bank_account = r.bank_account AND e.id_number = r.reached),
    account AS (SELECT bank_account FROM (
        SELECT bank_account, id_number, min(reached) AS grp FROM reach GROUP BY 1, 2)
        GROUP BY 1 HAVING count(DISTINCT grp) >= 3)
    SELECT bank_account AS subject, sum(amount) AS amount FROM subsidy_payments
    WHERE bank_account IN (SELECT bank_account FROM account) GROUP BY 1;

CREATE TEMP TABLE clue_subsidy_to_approver_relative AS
    SELECT s.id_number AS subject, sum(s.amount) AS amount FROM subsidy_payments s
    WHERE s.id_number IN (SELECT id_number FROM persons)
      AND (s.approver_id = s.id_number
           OR EXISTS (SELECT 1 FROM relatives r WHERE r.person = s.id_number AND r.relative = s.approver_id))
    GROUP BY 1;

CREATE TEMP TABLE clue_dibao_with_assets AS
    WITH household AS (SELECT a.id_number AS person, b.id_number AS member FROM persons a
        JOIN persons b ON a.household_id = b.household_id
        UNION SELECT id_number, id_number FROM persons),
    asset AS (SELECT owner_id AS owner, registered_date AS since FROM vehicles
        UNION ALL SELECT c.legal_rep_id, c.registered_date FROM companies c WHERE c.status = 'active'
        UNION ALL SELECT h.holder_id, c.registered_date FROM shareholders h
            JOIN companies c USING (credit_code) WHERE c.status = 'active')
    SELECT s.id_number AS subject, sum(s.amount) AS amount FROM subsidy_payments s
    WHERE s.program = 'dibao' AND EXISTS (SELECT 1 FROM household h JOIN asset a ON a.owner = h.member
        WHERE h.person = s.id_number AND a.since < s.pay_date)
    GROUP BY 1;

CREATE TEMP TABLE clue_duplicate_subsidy AS
    WITH paid AS (SELECT s.*, date_trunc('month', s.pay_date) AS pay_month FROM subsidy_payments s
        JOIN persons USING (id_number))
    SELECT id_number AS subject, sum(amount) AS amount FROM paid
    WHERE (id_number, program, pay_month) IN (
        SELECT (id_number, program, pay_month) FROM paid GROUP BY ALL HAVING count(DISTINCT village) >= 2)
    GROUP BY 1;

CREATE TEMP TABLE clue_student_aid_not_enrolled AS
    SELECT s.id_number AS subject, sum(s.amount) AS amount FROM subsidy_payments s
    WHERE s.program = 'student_aid' AND s.id_number IN (SELECT id_number FROM persons)
      AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.id_number = s.id_number
          AND e.start_date <= s.pay_date AND (e.end_date IS NULL OR s.pay_date <= e.end_date))
    GROUP BY 1;

CREATE TEMP TABLE clue_contract_to_official_relative AS
    WITH party AS (SELECT credit_code, legal_rep_id AS person FROM companies
        UNION SELECT credit_code, holder_id FROM shareholders)
    SELECT DISTINCT c.contract_id AS subject, c.amount FROM contracts c
    JOIN party p ON p.credit_code = c.supplier_code
    WHERE p.person = c.approver_id
       OR EXISTS (SELECT 1 FROM relatives r WHERE r.person = c.approver_id AND r.relative = p.person);

CREATE TEMP TABLE clue_bid_collusion AS
    WITH trait AS (
        SELECT tender_id, bidder_code, 'phone:' || contact_phone AS value FROM bids WHERE contact_phone IS NOT NULL
        UNION SELECT tender_id, bidder_code, 'address:' || contact_address FROM bids WHERE contact_address IS NOT NULL
        UNION SELECT b.tender_id, b.bidder_code, 'rep:' || c.legal_rep_id FROM bids b
            JOIN companies c ON c.credit_code = b.bidder_code WHERE c.legal_rep_id IS NOT NULL
        UNION SELECT b.tender_id, b.bidder_code, 'holder:' || h.holder_id FROM bids b
            JOIN shareholders h ON h.credit_code = b.bidder_code
            WHERE regexp_full_match(h.holder_id, '[0-9]{17}[0-9X]'))
    SELECT t.tender_id AS subject, t.budget AS amount FROM tenders t
    WHERE t.tender_id IN (SELECT tender_id FROM trait GROUP BY tender_id, value
                          HAVING count(DISTINCT bidder_code) >= 2);

CREATE TEMP TABLE clue_contract_splitting AS
    WITH direct AS (SELECT * FROM contracts WHERE method = 'direct' AND amount < 1000000 AND sign_date IS NOT NULL),
    window_ AS (SELECT f.contract_id AS first_id, g.contract_id, g.amount FROM direct f JOIN direct g
        ON f.buyer_org = g.buyer_org AND f.supplier_code = g.supplier_code
        AND date_diff('day', f.sign_date, g.sign_date) BETWEEN 0 AND 30),
    qualifying AS (SELECT first_id FROM window_ GROUP BY 1 HAVING count(*) >= 2 AND sum(amount) >= 1000000)
    SELECT buyer_org || '|' || supplier_code AS subject, sum(amount) AS amount FROM direct
    WHERE contract_id IN (SELECT contract_id FROM window_ JOIN qualifying USING (first_id)) GROUP BY 1;

CREATE TEMP TABLE clue_wage_arrears AS
    WITH latest AS (SELECT max(month) AS month FROM wage_payments),
    run AS (SELECT p.project_id, p.start_date, coalesce(p.end_date, last_day(l.month)) AS run_end
        FROM projects p, latest l WHERE p.workers > 0 AND p.start_date IS NOT NULL),
    month_ AS (SELECT r.project_id, CAST(s.m AS DATE) AS month FROM run r,
        unnest(generate_series(CAST(date_trunc('month', r.start_date) AS DATE), r.run_end, INTERVAL 1 MONTH)) s(m))
    SELECT DISTINCT m.project_id AS subject, CAST(NULL AS DECIMAL(18, 2)) AS amount FROM month_ m JOIN run r USING (project_id)
    WHERE m.month >= r.start_date AND last_day(m.month) <= r.run_end
      AND NOT EXISTS (SELECT 1 FROM wage_payments w WHERE w.project_id = m.project_id AND w.month = m.month
                      AND w.amount > 0);
