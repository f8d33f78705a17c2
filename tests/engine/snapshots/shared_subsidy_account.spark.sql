CREATE OR REPLACE TEMPORARY VIEW _qf_cte_recipient AS SELECT DISTINCT bank_account, person_id FROM subsidy_payments WHERE NOT bank_account IS NULL AND NOT person_id IS NULL;
CREATE OR REPLACE TEMPORARY VIEW _qf_cte_candidate AS SELECT r.* FROM _qf_cte_recipient AS r WHERE r.bank_account IN (SELECT bank_account FROM _qf_cte_recipient AS recipient GROUP BY bank_account HAVING COUNT(*) >= 3);
CREATE OR REPLACE TEMPORARY VIEW _qf_cte_edge AS SELECT a.bank_account, a.person_id, b.person_id AS other FROM _qf_cte_candidate AS a JOIN _qf_cte_candidate AS b ON b.bank_account = a.bank_account JOIN relatives AS k ON k.person_id = a.person_id AND k.relative_id = b.person_id;
-- fixed point _qf_cte_reach(bank_account, person_id, reached): repeat the step over the rows of the previous round
-- until no new row; distinct rows, like DuckDB's recursive UNION
-- anchor: SELECT bank_account, person_id, person_id FROM _qf_cte_candidate AS candidate
-- step: SELECT r.bank_account, r.person_id, e.other FROM _qf_cte_reach AS r JOIN _qf_cte_edge AS e ON e.bank_account = r.bank_account AND e.person_id = r.reached;
CREATE OR REPLACE TEMPORARY VIEW _qf_cte_component AS SELECT bank_account, person_id, MIN(reached) AS group_id FROM _qf_cte_reach AS reach GROUP BY bank_account, person_id;
CREATE OR REPLACE TEMPORARY VIEW _qf_cte_account AS SELECT bank_account, COUNT(*) AS recipients, COUNT(DISTINCT group_id) AS groups FROM _qf_cte_component AS component GROUP BY bank_account HAVING COUNT(DISTINCT group_id) >= 3;
CREATE OR REPLACE TEMPORARY VIEW _qf_cte_paid AS SELECT s.bank_account, s.amount, STRUCT('subsidy_payments' AS table, CAST(s.payment_id AS STRING) AS key, s.link_method AS link_method, s.link_probability AS link_probability) AS ev FROM subsidy_payments AS s WHERE s.bank_account IN (SELECT bank_account FROM _qf_cte_account AS account);
SELECT a.bank_account AS subject, SUM(p.amount) AS amount, COLLECT_LIST(p.ev) AS evidence, a.recipients, a.groups, COUNT(*) AS payments FROM _qf_cte_account AS a JOIN _qf_cte_paid AS p ON p.bank_account = a.bank_account GROUP BY a.bank_account, a.recipients, a.groups
