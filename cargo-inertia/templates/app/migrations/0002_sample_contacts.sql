-- Sample contacts, so the list is not empty on the first start. Delete this file before the
-- app's first deploy if it should start empty.
INSERT INTO contacts (name, email) VALUES
    ('Ada Lovelace', 'ada@example.com'),
    ('Alan Turing', 'alan@example.com'),
    ('Katherine Johnson', 'katherine@example.com');
