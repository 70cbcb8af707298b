"""Plans that are not the seeds, in other layouts and wordings (tests/fixtures/plans/), read by hand.

A district (huyện) plan as tab text with a header of two rows (Cơ quan thực
hiện: Chủ trì / Phối hợp; Thời gian: Bắt đầu / Hoàn thành), a ward (phường)
plan pasted from a web portal as a pipe table (its issuer on one line, list
items joined with <br>), a commune plan written as a labelled list under
numbered area headings, a department (Sở) plan as .docx with its head in a
two-column table and a lead cell merged over two rows, and a district's .xlsx
with its own column names and lettered sections (fixtures/plans/make_files.py
made the two files).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.importers.readers import read_plan

PLANS = Path(__file__).resolve().parent / "fixtures" / "plans"

EXPECTED = {
    "huyen-muong-lat-2026.txt": (("huyện Mường Lát", "45/KH-UBND", 2026), [
        ("the-che", "1", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND huyện ban hành",
         "Phòng Tư pháp", ["Các phòng, ban chuyên môn"], "Quý III/2026", "Báo cáo kết quả rà soát"),
        ("the-che", "2", "Kiểm tra việc thực hiện văn bản quy phạm pháp luật tại các xã", "Phòng Tư pháp",
         ["Văn phòng HĐND và UBND huyện"], "Tháng 10/2026", "Kết luận kiểm tra"),
        ("tthc", "3", "Công khai thủ tục hành chính trên Cổng dịch vụ công", "Văn phòng HĐND và UBND huyện",
         ["UBND các xã"], "Thường xuyên", "Danh mục thủ tục được công khai"),
        ("tthc", "4", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Bộ phận Một cửa huyện",
         ["Phòng Văn hóa và Thông tin"], "Quý IV/2026", "Hồ sơ được số hóa"),
    ]),
    "phuong-dong-ve-2026.md": (("phường Đông Vệ", "12/KH-UBND", 2026), [
        ("chi-dao", "1", "Ban hành Kế hoạch cải cách hành chính năm 2026", "Văn phòng HĐND và UBND phường",
         ["Các phòng chuyên môn"], "Tháng 1/2026", "Kế hoạch"),
        ("chi-dao", "2", "Báo cáo kết quả cải cách hành chính", "Văn phòng HĐND và UBND phường",
         ["Các phòng chuyên môn"], "- Báo cáo 6 tháng: trước 15/6/2026\n- Báo cáo năm: trước 15/11/2026", "Báo cáo"),
        ("bo-may", "3", "Rà soát chức năng, nhiệm vụ của các phòng chuyên môn", "Phòng Nội vụ",
         ["Các phòng chuyên môn"], "Quý II/2026", "Báo cáo rà soát"),
    ]),
    "xa-tan-lap-2026-labelled.txt": (("xã Tân Lập", "", 2026), [
        ("the-che", "1.1.", "Rà soát văn bản quy phạm pháp luật của HĐND, UBND xã.", "Văn phòng HĐND và UBND xã",
         ["Các phòng chuyên môn"], "Quý II/2026.", ""),
        ("the-che", "1.2.", "Tổ chức lấy ý kiến Nhân dân đối với dự thảo văn bản.", "Phòng Văn hóa - Xã hội",
         [], "Thường xuyên.", ""),
        ("tthc", "2.1.", "Công khai thủ tục hành chính tại Trung tâm Phục vụ hành chính công xã.",
         "Trung tâm Phục vụ hành chính công xã", ["Văn phòng HĐND và UBND xã"], "Tháng 3/2026.", ""),
    ]),
    "so-noi-vu-2026.docx": (("Sở Nội vụ tỉnh Thanh Hóa", "88/KH-SNV", 2026), [
        ("bo-may", "1", "Rà soát, sắp xếp các phòng chuyên môn thuộc Sở", "Văn phòng Sở", ["Các phòng thuộc Sở"],
         "Quý II/2026", "Quyết định"),
        ("bo-may", "2", "Xây dựng vị trí việc làm của Sở", "Văn phòng Sở", ["Các phòng thuộc Sở"],  # merged cells
         "Quý III/2026", "Đề án vị trí việc làm"),
        ("cong-vu", "3", "Tổ chức thi tuyển công chức năm 2026", "Phòng Công chức, viên chức", ["Văn phòng Sở"],
         "Tháng 9/2026", "Kết quả thi tuyển"),
    ]),
    "huyen-ba-thuoc-2026.xlsx": (("huyện Bá Thước", "", 2026), [
        ("tthc", "1", "Rà soát, đơn giản hóa thủ tục hành chính", "Văn phòng HĐND và UBND huyện",
         ["Các phòng chuyên môn"], "Quý II/2026", "Báo cáo"),
        ("tthc", "2", "Kiểm soát việc giải quyết hồ sơ quá hạn", "Văn phòng HĐND và UBND huyện",
         ["UBND các xã, thị trấn"], "Hằng quý", "Báo cáo quý"),
        ("chinh-quyen-so", "3", "Triển khai ký số trong xử lý văn bản", "Phòng Văn hóa và Thông tin",
         ["Các cơ quan, đơn vị"], "Tháng 6/2026", "Văn bản điện tử"),
    ]),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_a_plan_outside_the_seeds_reads_as_written(name):
    draft = read_plan(PLANS / name)[0]
    (commune, number, year), tasks = EXPECTED[name]
    assert (draft.commune, draft.number, draft.year_start, draft.year_end) == (commune, number, year, year)
    assert [(t.area, t.ref, t.text, t.lead_agency, list(t.cooperating), t.deadline_text, t.product)
            for t in draft.tasks] == tasks
    assert not any(t.review for t in draft.tasks) and not draft.notices
