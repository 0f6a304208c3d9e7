"""Dynamic and immutable tables against the real server at $STREAMSQL_URL."""

import unittest

from support import server_client, unique

import streamsql


class Tables(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = server_client()

    def create(self, **kwargs):
        kwargs.setdefault("primary_key", "id")
        table = self.client.source.create_table(name=unique("py_table"), **kwargs)
        self.addCleanup(self._drop, table.name)
        return table

    def _drop(self, name):
        try:
            self.client.source.delete_table(name)
        except streamsql.NotFoundError:
            pass

    def test_insert_then_get_returns_the_row(self):
        table = self.create()
        table.insert({"id": "user1", "first_name": "simba", "last_name": "khadder"})
        self.assertEqual({"id": "user1", "first_name": "simba", "last_name": "khadder"}, table.get("user1"))

    def test_get_of_a_missing_row_returns_none(self):
        self.assertIsNone(self.create().get("nobody"))

    def test_keys_are_typed_string_one_and_number_one_are_different_rows(self):
        table = self.create()
        table.insert([{"id": "1", "v": "string"}, {"id": 1, "v": "number"}])
        self.assertEqual("string", table.get("1")["v"])
        self.assertEqual("number", table.get(1)["v"])

    def test_insert_replaces_the_row_with_the_same_key(self):
        table = self.create()
        table.insert({"id": "a", "v": 1})
        table.insert({"id": "a", "v": 2})
        self.assertEqual(2, table.get("a")["v"])

    def test_delete_removes_the_row(self):
        table = self.create()
        table.insert({"id": "a"})
        table.delete("a")
        self.assertIsNone(table.get("a"))

    def test_rows_scans_every_row_and_changes_lists_upserts_and_tombstones(self):
        table = self.create(partitions=1)
        table.insert([{"id": "a"}, {"id": "b"}])
        table.delete("a")
        self.assertEqual([{"id": "b"}], list(table.rows()))
        self.assertEqual([{"id": "a"}, {"id": "b"}, None], [c["value"] for c in table.changes()])

    def test_csv_insert(self):
        table = self.create()
        table.insert("id,name\nu1,ann\n", format="csv")
        self.assertEqual({"id": "u1", "name": "ann"}, table.get("u1"))

    def test_a_row_without_the_key_is_refused_with_its_line(self):
        table = self.create()
        with self.assertRaises(streamsql.StreamSQLError) as caught:
            table.insert([{"id": "a"}, {"name": "no key"}])
        self.assertEqual("malformed_record", caught.exception.error_code)
        self.assertEqual(2, caught.exception.details["line"])

    def test_make_immutable_seals_version_1_and_refuses_writes(self):
        table = self.create()
        table.insert({"id": "a", "v": 1})
        table.make_immutable(version=1)
        self.assertEqual([1], table.versions())
        with self.assertRaises(streamsql.ConflictError) as caught:
            table.insert({"id": "a", "v": 2})
        self.assertEqual("table_immutable", caught.exception.error_code)
        self.assertEqual({"id": "a", "v": 1}, table.get("a", version=1))

    def test_immutable_table_with_data_and_a_newer_version_keeps_both_readable(self):
        table = self.create(data=[{"id": "user1", "name": "simba"}], immutable=True, version=1)
        table.create_version(2, [{"id": "user1", "name": "Simba"}])
        self.assertEqual([1, 2], table.versions())
        self.assertEqual("Simba", table.get("user1")["name"])
        self.assertEqual("simba", table.get("user1", version=1)["name"])
        self.assertEqual([{"id": "user1", "name": "simba"}], list(table.rows(version=1)))

    def test_an_older_version_is_a_conflict(self):
        table = self.create(data=[{"id": "a"}], immutable=True, version=2)
        with self.assertRaises(streamsql.ConflictError) as caught:
            table.create_version(1, [{"id": "a"}])
        self.assertEqual("version_conflict", caught.exception.error_code)

    def test_a_missing_version_raises_not_found_rather_than_returning_none(self):
        table = self.create(data=[{"id": "a"}], immutable=True)
        with self.assertRaises(streamsql.NotFoundError) as caught:
            table.get("a", version=9)
        self.assertEqual("version_not_found", caught.exception.error_code)

    def test_a_dynamic_table_cannot_be_created_with_a_version(self):
        with self.assertRaises(streamsql.StreamSQLError) as caught:
            self.client.source.create_table(name=unique("py_table"), primary_key="id", version=1)
        self.assertEqual(400, caught.exception.status)

    def test_get_table_and_list_tables_find_it_and_an_unknown_table_is_not_found(self):
        table = self.create()
        found = self.client.source.get_table(table.name)
        self.assertEqual((table.name, "id"), (found.name, found.primary_key))
        self.assertIn(table.name, [t["name"] for t in self.client.source.list_tables()])
        with self.assertRaises(streamsql.NotFoundError) as caught:
            self.client.source.get_table(unique("py_missing"))
        self.assertEqual("table_not_found", caught.exception.error_code)


if __name__ == "__main__":
    unittest.main()
